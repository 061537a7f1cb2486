/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-gateway-config.h"
#include "td-store.h"

G_BEGIN_DECLS

#define TD_CONFIG_ERROR (td_config_error_quark())
GQuark td_config_error_quark(void);

typedef enum {
	TD_CONFIG_ERROR_READ,	 /* the file could not be read or is not a key file */
	TD_CONFIG_ERROR_INVALID, /* a key is missing or has a bad value */
	TD_CONFIG_ERROR_KEY,	 /* the ID hashing key file is unsafe or unusable */
	TD_CONFIG_ERROR_WRITE,	 /* the file could not be saved */
} TdConfigError;

/* The kiosk's settings, from one key file (default TD_SYSCONFDIR/tiepdon.conf):
 *
 *   [station]  code=01001  name=Trạm Y tế xã …
 *              id-hash-key-file=id-hash.key (beside this file; never in the data folder)
 *              id-hash-cost=13 (scrypt's N = 2^cost; see td-id-hash.h)
 *              kiosk-id=kiosk-2 (default: the host name; letters, digits, '-')
 *              offline-letter=B (with url=: required, one capital letter,
 *              unique per station: the series of the numbers the kiosk
 *              hands out while the database cannot be reached)
 *   [storage]  path=/var/lib/tiepdon/tiepdon.db  retention-days=30  link-days=90
 *              or url=postgresql://… (a station's kiosks on one PostgreSQL;
 *              see td-pg-store.h for what a URL must say)
 *              journal=/var/lib/tiepdon/offline-journal.db (with url=: the
 *              check-ins kept while the database cannot be reached)
 *              backup-dir=/var/backups/tiepdon (path= only: the nightly
 *              copies, td-store-backup.h; empty: none)
 *              backup-keep-days=7 (at most retention-days)
 *   [reader]   name=…  trust-dir=TD_SYSCONFDIR/trust (when it exists)
 *              command-timeout=5  card-timeout=20
 *   [gateway]  (see td-gateway-config.h; absent = no gateway)
 *   [vneid]    guide-url=…  ask-again-days=90 (at most link-days)
 *   [staff]    pin-hash=…  lockout-attempts=5  lockout-minutes=15
 *   [kiosk]    idle-timeout-s=60  warning-s=15  demo=false
 *
 * The file holds the staff PIN's hash: it is refused unless owned by root
 * or by us, written by its owner only, and read by nobody but its owner and
 * root's or the kiosk's group (0640 root:tiepdon). Relative file names are
 * taken relative to its folder. The devices' and the daily report's
 * groups are read by their owners; td-config-keys.c lists every group
 * and key, and those no one knows are named in unknown_settings. Fields
 * are read-only for users of the struct. */
typedef struct {
	gchar *path;	  /* the key file, NULL for a demo config */
	GKeyFile *key_file; /* as loaded, comments kept (set-pin rewrites it) */

	gchar *station_code;
	gchar *station_name;
	gchar *id_hash_key_file;
	guint id_hash_cost;

	gchar *storage_path; /* SQLite; unused when storage_url is set */
	gchar *storage_url;  /* PostgreSQL (libpq URL or keyword string); NULL: SQLite */
	gchar *kiosk_id;     /* never NULL once loaded */
	gchar offline_letter[2]; /* "" when not set (SQLite) */
	gchar *journal_path;	 /* the offline journal (url= only) */
	guint retention_days;
	guint link_days;
	gchar *backup_dir;	 /* NULL: no copies (PostgreSQL, training, or set so) */
	guint backup_keep_days;

	gchar *reader_name; /* NULL: the first reader */
	gchar *trust_dir;   /* NULL: none configured, and no TD_SYSCONFDIR/trust */
	/* seconds a card may take for one command and for the whole read
	 * before the kiosk gives it up (see td_transport_set_deadline()) */
	guint command_timeout_s;
	guint card_timeout_s;

	TdGatewayConfig *gateway; /* NULL: no gateway, check-ins pend eligibility */

	gchar *vneid_guide_url; /* NULL: none */
	guint vneid_ask_again_days;

	gchar *staff_pin_hash; /* NULL: no PIN set yet */
	guint lockout_attempts;
	guint lockout_minutes;

	guint idle_timeout_s;
	guint warning_s;
	gboolean demo;

	/* groups and keys of the file tiepdon does not know, in its order,
	 * each "[group] key (likely?)" or "[group] ([likely]?)": a slip,
	 * whose setting keeps its default, for the doctor to name. Never
	 * NULL. */
	GStrv unknown_settings;

	/*< private >*/
	gpointer id_hasher; /* TdIdHasher, made on first use */
	GMutex id_hasher_lock;
	gint ref_count;
} TdConfig;

#define TD_CONFIG_KIOSK_ID_MAX 32
/* [vneid] guide-url's length: its QR code fits a 58 mm ticket */
#define TD_CONFIG_GUIDE_URL_MAX 400

#define TD_CONFIG_DEFAULT_COMMAND_TIMEOUT_S 5
#define TD_CONFIG_DEFAULT_CARD_TIMEOUT_S    20

/* The CSCA folder every command uses when [reader] trust-dir is not set:
 * TD_SYSCONFDIR/trust (DEPLOY.md). */
#define TD_CONFIG_DEFAULT_TRUST_DIR TD_SYSCONFDIR "/trust"

/* Reads a settings file into key_file as td_config_load does: refused when
 * a link, not a regular file, or unsafe (see above). */
gboolean td_config_read_key_file(const gchar *path, GKeyFile *key_file, GError **error);
/* path NULL = the default file. Every value is checked here; the error
 * names the file, section and key, and says what is expected. */
TdConfig *td_config_load(const gchar *path, GError **error);
/* The training mode: storage and the ID key inside data_dir (created 0700),
 * no gateway (the training mode fills config->gateway for its simulator). */
TdConfig *td_config_new_demo(const gchar *data_dir, GError **error);
/* The settings are shared with a worker that may outlive their owner (the
 * health view's checks, still running when the window closes): it takes a
 * reference, and td_config_free drops one; the last frees. */
TdConfig *td_config_ref(TdConfig *config);
void td_config_free(TdConfig *config);

/* Reads the station's ID hashing key (td_id_hash_key_load), creating it
 * when missing; refuses an unsafe or damaged one. The kiosk calls it at
 * start-up so a bad key is reported there. */
gboolean td_config_load_id_hash_key(TdConfig *config, GError **error);
/* The ID's keyed slow hash (td-id-hash.h); loads the key on first use.
 * NULL (and a logged message) if the key cannot be loaded or id12 is not
 * 12 digits. The plain ID is never stored. Thread-safe. */
gchar *td_config_hash_id(TdConfig *config, const gchar *id12);
/* The host name as a kiosk id (letters, digits, '-'). */
gchar *td_config_default_kiosk_id(void);
/* retention-days and link-days. */
TdRetention td_config_get_retention(const TdConfig *config);

/* Writes [staff] pin-hash into the config file, keeping its comments. */
gboolean td_config_save_pin_hash(TdConfig *config, const gchar *pin_hash, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdConfig, td_config_free)

G_END_DECLS
