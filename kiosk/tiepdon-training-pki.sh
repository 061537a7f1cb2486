#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Generates a TRAINING PKI (never a real anchor): two CSCAs and the
# Document Signers the training mode signs its demo cards with and the tests
# need (the passive-authentication table). Installed as
# libexec/tiepdon-training-pki for the kiosk's --demo.
#   tiepdon-training-pki OUTDIR [STAMP]
# OUTDIR receives:
#   csca.{pem,key}           test CSCA, EC P-384 self-signed (like the real one)
#   unknown-csca.{pem,key}   a second CSCA that no trust store holds
#   ds-p256, ds-brainpool, ds-rsa (RSA-3072), ds-expired, ds-revoked,
#   ds-unknown (issued by the unknown CSCA): .pem certificate + .key
#   ds-explicit: brainpoolP256r1 with the curve's parameters written out
#                            in the certificate, as ICAO 9303-12 §4.1.6.3
#                            asks of ECDSA CSCA and DS keys
#   csca2.{pem,key}, csca2-link.pem, ds-successor: a successor CSCA, the
#                            link certificate (csca2's key signed by csca), a DS
#   csca.crl.pem, csca.crl.der   CRL of the test CSCA revoking ds-revoked
#   trust-store/             only the test CSCA (PEM) and its CRL (DER)
# Runs in about a second, offline; only the openssl command-line tool.
set -eu
out=$(realpath -m "$1")
stamp="${2:+$(realpath -m "$2")}"
rm -rf "$out"
mkdir -p "$out/ca" "$out/ca/new" "$out/trust-store"
cd "$out"
export OPENSSL_CONF=/dev/null

ec_key() { # FILE CURVE [ENCODING: named_curve (default) or explicit]
	openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" \
		-pkeyopt "ec_param_enc:${3:-named_curve}" -out "$1" 2>/dev/null
}

cat > ca/extensions.cnf <<'CNF'
[csca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://csca.test.invalid/test-csca.crl

[ds]
# As ICAO 9303-12 profiles a Document Signer: critical keyUsage
# digitalSignature only, plus the documentTypeList-style odd extension that
# real DS certificates carry (here a raw UTF8String, non-critical).
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
2.23.136.1.1.6.2 = ASN1:UTF8String:ID

[ca]
default_ca = test_ca

[test_ca]
dir = .
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
crlnumber = ca/crlnumber
default_md = sha384
default_crl_days = 3650
policy = policy_any
unique_subject = no
copy_extensions = none

[policy_any]
countryName = optional
organizationName = optional
commonName = supplied
serialNumber = optional
CNF

self_signed_ca() { # NAME SUBJECT
	ec_key "$1.key" secp384r1
	openssl req -new -x509 -key "$1.key" -sha384 -days 9125 -subj "$2" \
		-config ca/extensions.cnf -extensions csca -out "$1.pem"
}

self_signed_ca csca "/C=VN/O=Tiepdon Test PKI/serialNumber=001/CN=Test CSCA Vietnam"
self_signed_ca unknown-csca "/C=VN/O=Somebody Else/CN=Unknown CSCA"

: > ca/index.txt
echo 1000 > ca/serial
echo 01 > ca/crlnumber

# ca_sign NAME ISSUER STARTDATE ENDDATE: issues NAME.pem for NAME.key.
ca_sign() {
	openssl req -new -key "$1.key" -subj "/C=VN/O=Tiepdon Test PKI/CN=Test Document Signer $1" \
		-out "ca/$1.csr"
	openssl ca -batch -notext -config ca/extensions.cnf -name test_ca \
		-cert "$2.pem" -keyfile "$2.key" -extfile ca/extensions.cnf -extensions ds \
		-startdate "$3" -enddate "$4" -in "ca/$1.csr" -out "$1.pem" 2>/dev/null
}

valid_from=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
valid_to=$(date -u -d '+10 years' +%Y%m%d%H%M%SZ)

ec_key ds-p256.key prime256v1
ec_key ds-brainpool.key brainpoolP256r1
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out ds-rsa.key 2>/dev/null
ec_key ds-expired.key prime256v1
ec_key ds-revoked.key prime256v1
ec_key ds-unknown.key prime256v1
ec_key ds-explicit.key brainpoolP256r1 explicit

ca_sign ds-p256 csca "$valid_from" "$valid_to"
ca_sign ds-brainpool csca "$valid_from" "$valid_to"
ca_sign ds-rsa csca "$valid_from" "$valid_to"
ca_sign ds-explicit csca "$valid_from" "$valid_to"
ca_sign ds-expired csca 20200101000000Z 20210101000000Z
ca_sign ds-revoked csca "$valid_from" "$valid_to"

openssl ca -batch -config ca/extensions.cnf -name test_ca -cert csca.pem -keyfile csca.key \
	-revoke ds-revoked.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -batch -config ca/extensions.cnf -name test_ca -cert csca.pem -keyfile csca.key \
	-gencrl -out csca.crl.pem 2>/dev/null
openssl crl -in csca.crl.pem -outform DER -out csca.crl.der

# A successor CSCA (as when the real one's key usage period ended in 2026)
# and the link certificate by which the old CSCA vouches for its key.
self_signed_ca csca2 "/C=VN/O=Tiepdon Test PKI/serialNumber=001/CN=Test CSCA Vietnam"
openssl req -new -key csca2.key -subj "/C=VN/O=Tiepdon Test PKI/serialNumber=001/CN=Test CSCA Vietnam" \
	-out ca/csca2.csr
openssl ca -batch -notext -config ca/extensions.cnf -name test_ca -cert csca.pem -keyfile csca.key \
	-preserveDN -extfile ca/extensions.cnf -extensions csca -startdate "$valid_from" -enddate "$valid_to" \
	-in ca/csca2.csr -out csca2-link.pem 2>/dev/null
ec_key ds-successor.key prime256v1
ca_sign ds-successor csca2 "$valid_from" "$valid_to"

# The unknown CSCA keeps its own (throw-away) database.
mv ca/index.txt ca/index.txt.csca
: > ca/index.txt
ca_sign ds-unknown unknown-csca "$valid_from" "$valid_to"

cp csca.pem trust-store/test-csca.pem
cp csca.crl.der trust-store/test-csca.crl

if [ -n "$stamp" ]; then date -u > "$stamp"; fi
