#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Run `tiepdon eligibility` against an independent emulation of the BHXH
# eligibility gateway (gateway.py, written from DOMAIN.md section 3 only).
#
#   tests/independent-gateway/run-matrix.sh PATH/TO/tiepdon [OUTDIR]
#
# Starts the gateway over HTTPS on a free loopback port with a test CA made
# here (the product is given the CA: TLS stays verified), runs the case
# matrix, prints one line per case, stops the gateway, and exits non-zero on
# any FAIL.  Per-case details (product output, the gateway's log of what the
# product sent) go to OUTDIR (default: a last-run/ folder beside this script).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tiepdon=${1:?usage: run-matrix.sh PATH/TO/tiepdon [OUTDIR]}
out=${2:-$here/last-run}
py=/usr/bin/python3
[ -x "$tiepdon" ] || { echo "not an executable: $tiepdon" >&2; exit 2; }
tiepdon=$(cd "$(dirname "$tiepdon")" && pwd)/$(basename "$tiepdon")

work=$(mktemp -d /tmp/igw.XXXXXX)
chmod 700 "$work"
gw_pid=
cleanup() {
    if [ -n "$gw_pid" ]; then kill "$gw_pid" 2>/dev/null; wait "$gw_pid" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- a test CA and a server certificate for 127.0.0.1 / localhost ---------
(
    cd "$work" || exit 1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout ca.key -out ca.pem -days 2 -subj "/CN=Independent BHXH emulation test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout server.key -out server.csr -subj "/CN=localhost" &&
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" > server.ext &&
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
        -out server.pem -days 2 -extfile server.ext &&
    # the cards' side, for the whole check-ins: a test CSCA (the trust store)
    # and a Document Signer the virtual chip signs EF.SOD with
    mkdir -m 700 trust &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout csca.key -out trust/csca.pem -days 30 -subj "/C=VN/O=Independent test/CN=CSCA test" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
    chmod 640 trust/csca.pem &&
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout ds-key.pem -out ds.csr -subj "/C=VN/O=Independent test/CN=Document Signer test" &&
    printf '%s\n' "keyUsage=critical,digitalSignature" "basicConstraints=critical,CA:FALSE" > ds.ext &&
    openssl x509 -req -in ds.csr -CA trust/csca.pem -CAkey csca.key -CAcreateserial \
        -CAserial csca.srl -out ds-cert.pem -days 30 -extfile ds.ext
) >"$work/openssl.log" 2>&1 || { cat "$work/openssl.log" >&2; echo "could not make the test PKI" >&2; exit 2; }

# --- the gateway ------------------------------------------------------------
mkdir -p "$out"
: > "$out/gateway.log"
"$py" "$here/gateway.py" serve --port 0 --port-file "$work/port" \
    --cert "$work/server.pem" --key "$work/server.key" \
    --citizens "$here/citizens.json" --log "$out/gateway.log" 2>"$out/gateway.stderr" &
gw_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { echo "the gateway did not start" >&2; cat "$out/gateway.stderr" >&2; exit 2; }
port=$(cat "$work/port")
echo "independent gateway on https://127.0.0.1:$port (pid $gw_pid); details in $out"

# --- the matrix ---------------------------------------------------------------
"$py" "$here/matrix.py" "$tiepdon" "$port" "$work/ca.pem" "$work" "$out"
rc=$?
exit $rc
