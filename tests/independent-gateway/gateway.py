#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent emulation of the BHXH Việt Nam eligibility gateway.

Written from the project's domain facts (DOMAIN.md) section 3 (Phụ lục 03 of Công
văn 1923/BHXH-CNTT as public sources describe it) and nothing else: none of
the product's client or simulator code was read.  Standard library only.

  gateway.py serve --port 0 --port-file F --cert C --key K --citizens J --log L [--flags JSON]
  gateway.py ctl   --port P --ca CA config JSON     # new behaviour flags, state reset
  gateway.py ctl   --port P --ca CA log             # this case's request log (JSON lines)

Endpoints (the gateway's):
  POST /api/token/take
  POST /api/egw/KQNhanLichSuKCB2024?token=&id_token=&username=&password=
Test control (not the gateway's; the product never calls it):
  POST /__ctl/config   GET /__ctl/log
"""

import argparse
import datetime as dt
import hashlib
import http.server
import io
import json
import re
import secrets
import socket
import ssl
import struct
import sys
import threading
import time
import unicodedata
import urllib.parse
import urllib.request

DEFAULT_FLAGS = {
    # birth date of a whole date: "any" (dd/mm/yyyy or ddmmyyyy), "slash"
    # (dd/mm/yyyy only, the spec's table), "compact" (ddmmyyyy only, its
    # example); any other form: 205.
    "dob_form": "any",
    "month_year_refused": False,      # mm/yyyy answered 205 (yyyy still taken)
    # the password's MD5 hex digest: "upper", "lower" or "any" case
    "md5_case": "upper",
    # token request body: "any", "form" (form-encoded only) or "json"
    "token_format": "any",
    "token_ttl": 3600,                # seconds; expires_in = now + ttl
    # authentication failure: HTTP status that carries maKetQua 401
    "auth_http_status": 200,
    "check_401": "never",             # "never" | "first" | "always": the check refuses a token
    "auth_body": None,                # None | "html": the check's refusal as a proxy's HTML page, no JSON
    "delay": 0.0,                     # seconds before each card-check answer
    "delay_token": 0.0,               # seconds before each token answer
    "http500": "never",               # "never" | "first" | "first_check" | "always"
    "maintenance": False,             # every request: 503 with an HTML page
    "reset": "never",                 # "never" | "first" | "first_check" | "always": RST instead of an answer
    "rate_limit": 0,                  # card checks per account per 60 s; 0 = no limit
    "rate_style": "429",              # "429" (HTTP 429 + Retry-After) or "101" (HTTP 200, maKetQua 101)
    "code_as_number": False,          # maKetQua as a JSON number (0, 3, 200 ...)
    "fields": "normal",               # "normal" | "padded" | "null" | "missing"
    "charset": True,                  # Content-Type: application/json; charset=utf-8 (False: no charset)
    "force_code": None,               # every authenticated card check answered with this maKetQua
    "token_alphabet": "urlsafe",      # "urlsafe" or "b64std" (tokens with + / =, as base64 JWT-like keys)
    "token_body": None,               # None | "no_apikey" | "expires_ms" | "expires_offset"
    "check_http_status": None,        # HTTP status for card-check answers (the JSON body unchanged)
    "check_body": None,               # None | "html" | "empty" | "truncated" | "no_code" | "bom"
}

RESULT_NOTES = {
    "000": "Thẻ còn giá trị sử dụng!",
    "001": "Thẻ do BHXH Bộ Quốc Phòng quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân",
    "002": "Thẻ do BHXH Bộ Công An quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân",
    "003": "Thẻ cũ hết giá trị sử dụng nhưng đã được cấp thẻ mới",
    "004": "Thẻ cũ còn giá trị sử dụng nhưng đã được cấp thẻ mới",
    "010": "Thẻ hết giá trị sử dụng",
    "050": "Không thấy thông tin thẻ BHYT",
    "051": "Mã thẻ không đúng",
    "052": "Mã tỉnh cấp thẻ không đúng",
    "053": "Mã quyền lợi thẻ không đúng",
    "054": "CCCD cán bộ chưa được đăng ký",
    "055": "Họ tên cán bộ không khớp số CCCD",
    "060": "Thẻ sai họ tên",
    "061": "Thẻ sai họ tên (đúng ký tự đầu)",
    "070": "Thẻ sai ngày sinh",
    "100": "Lỗi khi lấy dữ liệu số thẻ",
    "101": "Lỗi server",
    "110": "Thẻ đã thu hồi",
    "120": "Thẻ đã báo giảm",
    "121": "Thẻ đã báo giảm. Giảm chuyển ngoại tỉnh",
    "122": "Thẻ đã báo giảm. Giảm chuyển nội tỉnh",
    "123": "Thẻ đã báo giảm. Thu hồi do tăng lại cùng đơn vị",
    "124": "Thẻ đã báo giảm. Ngừng tham gia",
    "130": "Trẻ em không xuất trình thẻ",
    "205": "Lỗi sai định dạng tham số",
    "401": "Lỗi xác thực tài khoản",
    "500": "Lỗi server",
}

ANSWER_FIELDS = ["maKetQua", "ghiChu", "maThe", "hoTen", "ngaySinh", "gioiTinh", "diaChi",
                 "maDKBD", "cqBHXH", "gtTheTu", "gtTheDen", "maKV", "ngayDu5Nam", "maSoBHXH",
                 "maTheCu", "maTheMoi", "gtTheTuMoi", "gtTheDenMoi", "maDKBDMoi", "tenDKBDMoi",
                 "dsLichSuKCB2018", "dsLichSuKT2018"]
# fields the verdict never comes from: the ones the "padded"/"null"/"missing" flags change
SIDE_FIELDS = ["ghiChu", "hoTen", "ngaySinh", "gioiTinh", "diaChi", "maDKBD", "cqBHXH", "maKV",
               "ngayDu5Nam", "maSoBHXH", "maTheCu", "dsLichSuKCB2018", "dsLichSuKT2018"]

VALID_PROVINCES = {"%02d" % n for n in range(1, 97)}


def today():
    return dt.date.today()


def resolve_date(v):
    """'today+N' / 'today-N' -> dd/mm/yyyy; other strings unchanged."""
    if isinstance(v, str):
        m = re.fullmatch(r"today([+-]\d+)", v)
        if m:
            return (today() + dt.timedelta(days=int(m.group(1)))).strftime("%d/%m/%Y")
    return v


def parse_ddmmyyyy(s):
    try:
        return dt.datetime.strptime(s, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return None


def norm_name(s):
    return " ".join(unicodedata.normalize("NFC", s or "").casefold().split())


def dob_form(s):
    """The form of a ngaySinh value, for the log and the checks."""
    if not isinstance(s, str):
        return "not-a-string:" + type(s).__name__
    if re.fullmatch(r"\d\d/\d\d/\d{4}", s):
        return "dd/mm/yyyy"
    if re.fullmatch(r"\d{8}", s):
        return "ddmmyyyy"
    if re.fullmatch(r"\d\d/\d{4}", s):
        return "mm/yyyy"
    if re.fullmatch(r"\d{4}", s):
        return "yyyy"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", s):
        return "yyyy-mm-dd"
    return "other"


def dob_value(s, form):
    """(day, month, year) with None for unknown parts, or None."""
    try:
        if form == "dd/mm/yyyy":
            d, m, y = s.split("/")
            return (int(d), int(m), int(y))
        if form == "ddmmyyyy":
            return (int(s[0:2]), int(s[2:4]), int(s[4:8]))
        if form == "mm/yyyy":
            m, y = s.split("/")
            return (None, int(m), int(y))
        if form == "yyyy":
            return (None, None, int(s))
    except ValueError:
        return None
    return None


def password_form(p):
    if not isinstance(p, str) or p == "":
        return "absent"
    if re.fullmatch(r"[0-9A-F]{32}", p):
        return "md5-upper"
    if re.fullmatch(r"[0-9a-f]{32}", p):
        return "md5-lower"
    if re.fullmatch(r"[0-9A-Fa-f]{32}", p):
        return "md5-mixed"
    return "not-md5"


class State:
    def __init__(self, data, flags, logfile=None):
        self.lock = threading.Lock()
        self.logfile = logfile
        self.data = data
        self.accounts = {a["username"]: hashlib.md5(a["password"].encode()).hexdigest() for a in data["accounts"]}
        self.staff = {s["cccdCb"]: s["hoTenCb"] for s in data["staff"]}
        self.by_card = {}
        self.by_id = {}
        self.by_bhxh = {}
        for c in data["citizens"]:
            if c.get("maThe"):
                self.by_card[c["maThe"]] = c
                self.by_bhxh[c["maThe"][5:]] = c
            if c.get("id12"):
                self.by_id[c["id12"]] = c
        self.reset(flags, "start")

    def reset(self, flags, case):
        with self.lock:
            self.flags = dict(DEFAULT_FLAGS)
            self.flags.update(flags or {})
            self.case = case
            self.tokens = {}           # access_token -> dict
            self.nreq = 0
            self.ncheck = 0
            self.rate = {}             # username -> [times]
            self.did401 = False
            self.gen = getattr(self, "gen", 0) + 1
            self.log = []
            if self.logfile:
                self.logfile.write(json.dumps({"case": case, "flags": self.flags}, ensure_ascii=False) + "\n")
                self.logfile.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BHXH-egw-emulation/1"

    def log_message(self, fmt, *args):  # quiet stderr
        pass

    # ---- plumbing -------------------------------------------------------
    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _send(self, status, obj=None, raw=None, ctype=None, extra=None):
        st = self.server.state
        if raw is None:
            raw = json.dumps(obj, ensure_ascii=False).encode("utf-8")
            if ctype is None:
                ctype = "application/json; charset=utf-8" if st.flags["charset"] else "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)
        self.wfile.flush()

    def _reset_connection(self):
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            socket.socket.close(self.connection)  # no TLS close_notify: a bare RST
        except OSError:
            pass
        self.close_connection = True
        self.wfile = io.BytesIO()
        self.rfile = io.BytesIO()

    def _code(self, code):
        return int(code) if self.server.state.flags["code_as_number"] else code

    # ---- dispatch -------------------------------------------------------
    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/__ctl/log":
            st = self.server.state
            with st.lock:
                body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in st.log).encode()
            return self._send(200, raw=body, ctype="text/plain; charset=utf-8")
        self._send(404, {"maKetQua": "404", "ghiChu": "Not found"})

    def do_POST(self):
        st = self.server.state
        u = urllib.parse.urlsplit(self.path)
        body = self._body()
        if u.path == "/__ctl/config":
            req = json.loads(body or b"{}")
            st.reset(req.get("flags"), req.get("case", "?"))
            return self._send(200, {"ok": True, "flags": st.flags})
        with st.lock:
            st.nreq += 1
            nreq = st.nreq
            is_check = u.path == "/api/egw/KQNhanLichSuKCB2024"
            if is_check:
                st.ncheck += 1
            ncheck = st.ncheck
            flags = dict(st.flags)
            gen = st.gen
        entry = {"n": nreq, "t": round(time.time(), 3), "method": "POST", "path": u.path,
                 "query_keys": [k for k, _ in urllib.parse.parse_qsl(u.query, keep_blank_values=True)],
                 "content_type": self.headers.get("Content-Type"),
                 "conn_reused": getattr(self, "_served", 0) > 0}
        self._served = getattr(self, "_served", 0) + 1
        if u.path != "/__ctl/log":
            with st.lock:
                st.log.append(entry)  # at arrival: a request whose answer comes too late is still seen
        try:
            self._dispatch(u, body, entry, flags, nreq, ncheck, is_check)
        finally:
            with st.lock:
                if st.gen != gen:  # an answer that outlived its case (a delay past the client's timeout)
                    entry["late"] = True
                if st.logfile:
                    st.logfile.write(json.dumps(entry, ensure_ascii=False) + "\n")
                    st.logfile.flush()

    def _dispatch(self, u, body, entry, flags, nreq, ncheck, is_check):
        if is_check:
            self._note_check_request(body, entry)  # logged even when the answer is a reset, a 500 ...
        def first_hit(mode):
            return (mode == "always" or (mode == "first" and nreq == 1)
                    or (mode == "first_check" and is_check and ncheck == 1))

        if first_hit(flags["reset"]):
            entry["answer"] = "connection reset"
            return self._reset_connection()
        if flags["maintenance"]:
            entry["answer"] = "HTTP 503 maintenance page"
            page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bảo trì hệ thống</title></head>"
                    "<body><h1>Hệ thống đang bảo trì</h1><p>Cổng tiếp nhận dữ liệu Hệ thống thông tin giám định "
                    "BHYT đang nâng cấp. Xin vui lòng quay lại sau.</p></body></html>").encode()
            return self._send(503, raw=page, ctype="text/html; charset=utf-8")
        if first_hit(flags["http500"]):
            entry["answer"] = "HTTP 500"
            return self._send(500, raw=b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                              ctype="text/html")
        if u.path == "/api/token/take":
            if flags["delay_token"]:
                time.sleep(flags["delay_token"])
            return self._token(body, entry, flags)
        if is_check:
            return self._check(u, body, entry, flags)
        entry["answer"] = "HTTP 404"
        self._send(404, {"maKetQua": "404", "ghiChu": "Không tìm thấy"})

    # ---- token ----------------------------------------------------------
    def _token(self, body, entry, flags):
        st = self.server.state
        ctype = (self.headers.get("Content-Type") or "").lower()
        fields = None
        fmt = "other"
        text = body.decode("utf-8", "replace")
        if "json" in ctype or text.lstrip().startswith("{"):
            fmt = "json"
            try:
                fields = json.loads(text)
                if not isinstance(fields, dict):
                    fields = None
            except ValueError:
                fields = None
        elif "x-www-form-urlencoded" in ctype or "=" in text:
            fmt = "form"
            fields = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
        entry["body_format"] = fmt
        entry["body_keys"] = sorted(fields.keys()) if fields else []
        if fields is not None and flags["token_format"] != "any" and fmt != flags["token_format"]:
            fields = None  # this gateway does not read that form: it sees no credentials
        username = (fields or {}).get("username")
        password = (fields or {}).get("password")
        entry["username"] = username
        entry["password_form"] = password_form(password)
        if not self._password_ok(username, password, flags):
            entry["answer"] = "login refused, maKetQua 401 (HTTP %d)" % flags["auth_http_status"]
            return self._send(flags["auth_http_status"],
                              {"maKetQua": self._code("401"), "APIKey": None,
                               "message": "Sai tên đăng nhập hoặc mật khẩu"})
        if flags["token_alphabet"] == "b64std":
            import base64
            access = base64.b64encode(b"\xfb\xff" + secrets.token_bytes(23)).decode()  # '+', '/' and '='
            idt = base64.b64encode(b"\xff\xfe" + secrets.token_bytes(20)).decode()
        else:
            access = secrets.token_urlsafe(24)
            idt = secrets.token_urlsafe(24)
        exp = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=flags["token_ttl"])
        with st.lock:
            st.tokens[access] = {"id_token": idt, "username": username, "exp": exp.timestamp()}
        entry["answer"] = "token (ttl %ss)" % flags["token_ttl"]
        expires = exp.strftime("%Y-%m-%dT%H:%M:%SZ")
        if flags["token_body"] == "expires_ms":
            expires = exp.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (exp.microsecond // 1000)
        elif flags["token_body"] == "expires_offset":
            expires = exp.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%Y-%m-%dT%H:%M:%S+07:00")
        ans = {"maKetQua": self._code("200"),
               "APIKey": {"access_token": access, "id_token": idt, "token_type": "Bearer",
                          "username": username, "expires_in": expires}}
        if flags["token_body"] == "no_apikey":
            ans["APIKey"] = None
            entry["answer"] = "maKetQua 200 without APIKey"
        self._send(200, ans)

    def _password_ok(self, username, password, flags):
        st = self.server.state
        if not isinstance(username, str) or not isinstance(password, str) or username not in st.accounts:
            return False
        want = st.accounts[username]
        if flags["md5_case"] == "upper":
            return password == want.upper()
        if flags["md5_case"] == "lower":
            return password == want.lower()
        return password.lower() == want

    # ---- card check -----------------------------------------------------
    def _note_check_request(self, body, entry):
        try:
            req = json.loads(body.decode("utf-8"))
        except ValueError:
            req = None
        if isinstance(req, dict):
            entry["body_keys"] = sorted(req.keys())
            entry["maThe"] = req.get("maThe")
            entry["ngaySinh"] = req.get("ngaySinh")
            entry["ngaySinh_form"] = dob_form(req.get("ngaySinh"))

    def _check(self, u, body, entry, flags):
        st = self.server.state
        q = dict(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
        entry["query_password_form"] = password_form(q.get("password"))
        entry["query_username"] = q.get("username")
        entry["query_token_present"] = bool(q.get("token"))
        entry["query_id_token_present"] = bool(q.get("id_token"))
        entry["authorization_header"] = "Authorization" in self.headers
        entry["query_raw_has_plus"] = "+" in u.query  # '+' unescaped in a query means a space
        try:
            req = json.loads(body.decode("utf-8"))
            if not isinstance(req, dict):
                req = None
        except ValueError:
            req = None
        entry["body_format"] = "json" if req is not None else "unreadable"
        entry["body_keys"] = sorted(req.keys()) if req else []
        if req:
            entry["maThe"] = req.get("maThe")
            entry["hoTen"] = req.get("hoTen")
            entry["hoTen_nfc"] = isinstance(req.get("hoTen"), str) and unicodedata.is_normalized("NFC", req["hoTen"])
            entry["ngaySinh"] = req.get("ngaySinh")
            entry["ngaySinh_form"] = dob_form(req.get("ngaySinh"))
            entry["hoTenCb"] = req.get("hoTenCb")
            entry["cccdCb"] = req.get("cccdCb")

        if flags["delay"]:  # the gateway's latency, whatever the answer
            time.sleep(flags["delay"])

        # authentication
        tok = st.tokens.get(q.get("token") or "")
        auth_ok = (tok is not None and tok["id_token"] == q.get("id_token")
                   and tok["username"] == q.get("username")
                   and self._password_ok(q.get("username"), q.get("password"), flags))
        expired = tok is not None and time.time() >= tok["exp"]
        forced = flags["check_401"] == "always" or (flags["check_401"] == "first" and not st.did401)
        if auth_ok and not expired and forced:
            with st.lock:
                st.did401 = True
                st.tokens.pop(q.get("token"), None)  # the gateway dropped that token
        if flags["check_http_status"] == 403 and flags["check_body"] == "html":
            entry["answer"] = "HTTP 403 HTML (address not registered)"
            return self._send(403, raw=b"<html><body><h1>403 Forbidden</h1>IP khong duoc phep truy cap</body></html>",
                              ctype="text/html")
        if not auth_ok or expired or forced:
            why = "no such token" if tok is None else "expired token" if expired else \
                  "token refused (flag)" if forced and auth_ok else "credentials in query do not match"
            if flags["auth_body"] == "html":
                # a reverse proxy in front of the gateway refusing the token itself
                entry["answer"] = "HTTP %d HTML (%s)" % (flags["auth_http_status"], why)
                return self._send(flags["auth_http_status"],
                                  raw=b"<html><head><title>401 Authorization Required</title></head><body>"
                                      b"<center><h1>401 Authorization Required</h1></center><hr>"
                                      b"<center>nginx</center></body></html>",
                                  ctype="text/html")
            entry["answer"] = "maKetQua 401 (%s, HTTP %d)" % (why, flags["auth_http_status"])
            return self._send(flags["auth_http_status"], self._answer("401"))

        # rate limit per account
        if flags["rate_limit"]:
            now = time.time()
            with st.lock:
                lst = [t for t in st.rate.get(tok["username"], []) if now - t < 60]
                lst.append(now)
                st.rate[tok["username"]] = lst
                over = len(lst) > flags["rate_limit"]
            if over:
                if flags["rate_style"] == "429":
                    entry["answer"] = "HTTP 429 rate limit"
                    return self._send(429, {"maKetQua": self._code("101"),
                                            "ghiChu": "Vượt quá số lần tra cứu cho phép, thử lại sau"},
                                      extra={"Retry-After": "60"})
                entry["answer"] = "maKetQua 101 (rate limit)"
                a = self._answer("101")
                a["ghiChu"] = "Vượt quá số lần tra cứu cho phép, thử lại sau"
                return self._send(200, a)

        code, rec = self._decide(req, flags)
        if flags["force_code"]:
            code = flags["force_code"]
        entry["answer"] = "maKetQua " + code
        status = flags["check_http_status"] or 200
        if status != 200:
            entry["answer"] += " with HTTP %d" % status
        shape = flags["check_body"]
        if shape is None:
            return self._send(status, self._answer(code, rec))
        raw = json.dumps(self._answer(code, rec), ensure_ascii=False).encode("utf-8")
        ctype = "application/json; charset=utf-8"
        if shape == "html":
            raw, ctype = b"<html><body>Request Rejected. Your support ID is: 1234567890</body></html>", "text/html"
        elif shape == "empty":
            raw = b""
        elif shape == "truncated":
            raw = raw[: len(raw) // 2]
        elif shape == "no_code":
            a = self._answer(code, rec)
            a.pop("maKetQua")
            raw = json.dumps(a, ensure_ascii=False).encode("utf-8")
        elif shape == "bom":
            raw = b"\xef\xbb\xbf" + raw
        entry["answer"] += " body " + shape
        self._send(status, raw=raw, ctype=ctype)

    def _decide(self, req, flags):
        st = self.server.state
        if not req:
            return "205", None
        for k in ("maThe", "hoTen", "ngaySinh", "hoTenCb", "cccdCb"):
            if not isinstance(req.get(k), str) or not req.get(k).strip():
                return "205", None
        form = dob_form(req["ngaySinh"])
        if form not in ("dd/mm/yyyy", "ddmmyyyy", "mm/yyyy", "yyyy"):
            return "205", None
        if flags["dob_form"] == "slash" and form == "ddmmyyyy":
            return "205", None
        if flags["dob_form"] == "compact" and form == "dd/mm/yyyy":
            return "205", None
        if flags["month_year_refused"] and form == "mm/yyyy":
            return "205", None
        asked = dob_value(req["ngaySinh"].strip(), form)
        if asked is None:
            return "205", None
        # the staff member on whose account the check is made
        cccd = req["cccdCb"].strip()
        if cccd not in st.staff:
            return "054", None
        if norm_name(st.staff[cccd]) != norm_name(req["hoTenCb"]):
            return "055", None
        # the card
        ma = req["maThe"].strip().upper()
        if re.fullmatch(r"\d{12}", ma):
            rec = st.by_id.get(ma)
            if rec is None:
                return "050", None
        elif re.fullmatch(r"[A-Z]{2}\d{13}", ma):
            if ma[2] not in "12345":
                return "053", None
            if ma[3:5] not in VALID_PROVINCES:
                return "052", None
            rec = st.by_card.get(ma)
            if rec is None:
                # the same person's card under another code: say which part is wrong
                same = st.by_bhxh.get(ma[5:])
                if same is None or same["maThe"][:2] != ma[:2]:
                    return "051", None
                if same["maThe"][3:5] != ma[3:5]:
                    return "052", None
                if same["maThe"][2] != ma[2]:
                    return "053", None
                return "051", None
        else:
            return "051", None
        # name and birth date
        if norm_name(rec["hoTen"]) != norm_name(req["hoTen"]):
            a, b = norm_name(rec["hoTen"]), norm_name(req["hoTen"])
            return ("061" if a[:1] == b[:1] else "060"), rec
        have = dob_value(rec["ngaySinh"], dob_form(rec["ngaySinh"]))
        if any(h is not None and a is not None and h != a for h, a in zip(have, asked)):
            return "070", rec
        status = rec.get("status", "000")
        if status in ("000", "004"):
            den = parse_ddmmyyyy(resolve_date(rec.get("gtTheDen")))
            if den is not None and den < today():
                return "010", rec
        return status, rec

    def _answer(self, code, rec=None):
        flags = self.server.state.flags
        a = {k: None for k in ANSWER_FIELDS}
        a["maKetQua"] = self._code(code)
        a["ghiChu"] = RESULT_NOTES.get(code, "")
        if rec is not None and code not in ("060", "061", "070", "500", "101", "100"):
            for k in ("maThe", "hoTen", "ngaySinh", "gioiTinh", "diaChi", "maDKBD", "cqBHXH",
                      "gtTheTu", "gtTheDen", "maKV", "ngayDu5Nam", "maTheCu",
                      "maTheMoi", "gtTheTuMoi", "gtTheDenMoi", "maDKBDMoi", "tenDKBDMoi"):
                v = rec.get(k)
                a[k] = resolve_date(v) if v not in ("",) else ("" if k == "maKV" else None)
            if rec.get("maThe"):
                a["maSoBHXH"] = rec["maThe"][-10:]
            if code == "000":
                a["dsLichSuKT2018"] = [{"userKT": "79001_TYT", "thoiGianKT": today().strftime("%Y%m%d") + "0815",
                                        "thongBao": RESULT_NOTES["000"], "maLoi": "000"}]
            a["ghiChu"] = RESULT_NOTES.get(code, "")
            if code in ("000", "004") and a["gtTheDen"]:
                a["ghiChu"] += " (từ %s đến %s)" % (a["gtTheTu"], a["gtTheDen"])
        mode = flags["fields"]
        if mode == "padded":
            for k in a:
                if k != "maKetQua" and isinstance(a[k], str):
                    a[k] = a[k] + "   "
            a["maKV"] = "   "
        elif mode == "null":
            for k in SIDE_FIELDS:
                a[k] = None
        elif mode == "missing":
            for k in SIDE_FIELDS:
                a.pop(k, None)
        return a


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def get_request(self):
        sock, addr = self.socket.accept()
        return self.ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        # a client that hangs up (timeouts, resets) is normal here
        pass


def serve(args):
    data = json.load(open(args.citizens, encoding="utf-8"))
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    srv.ctx.load_cert_chain(args.cert, args.key)
    logfile = open(args.log, "a", encoding="utf-8") if args.log else None
    srv.state = State(data, json.loads(args.flags) if args.flags else {}, logfile)
    port = srv.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        import os
        os.rename(args.port_file + ".tmp", args.port_file)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


def ctl(args):
    ctx = ssl.create_default_context(cafile=args.ca)
    base = "https://127.0.0.1:%d" % args.port
    if args.what == "config":
        payload = json.loads(args.arg or "{}")
        r = urllib.request.Request(base + "/__ctl/config", data=json.dumps(payload).encode(),
                                   headers={"Content-Type": "application/json"}, method="POST")
    else:
        r = urllib.request.Request(base + "/__ctl/log")
    with urllib.request.urlopen(r, context=ctx, timeout=10) as resp:
        sys.stdout.write(resp.read().decode())


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--port-file")
    s.add_argument("--cert", required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--citizens", required=True)
    s.add_argument("--flags")
    s.add_argument("--log")
    c = sub.add_parser("ctl")
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--ca", required=True)
    c.add_argument("what", choices=["config", "log"])
    c.add_argument("arg", nargs="?")
    args = p.parse_args()
    serve(args) if args.cmd == "serve" else ctl(args)


if __name__ == "__main__":
    main()
