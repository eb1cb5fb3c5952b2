// Signs nginx's requests to the private bucket (AWS Signature Version 4),
// so the front server reads HLS files itself once their credential
// (secure_link) checks out, without asking the application per segment.
// Keys reach here only through the /hls/ location's pattern, so they need
// no URI encoding.
import crypto from "crypto";

function amzDate(r) {
  // $time_iso8601 (2026-12-08T09:30:00+08:00) is nginx's cached clock: the
  // same for both headers of one request. njs's Date cannot parse it, so
  // its parts are read here.
  var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-])(\d\d):(\d\d)$/
    .exec(r.variables.time_iso8601);
  var offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60000;
  var utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]),
                     Number(m[4]), Number(m[5]), Number(m[6])) - offset;
  return new Date(utc).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function hmac(key, text) {
  return crypto.createHmac("sha256", key).update(text).digest();
}

function authorization(r) {
  var v = r.variables;
  var date = amzDate(r);
  var day = date.slice(0, 8);
  var scope = day + "/" + v.s3_region + "/s3/aws4_request";
  var path = "/" + v.s3_bucket + "/" + v.s3_key;
  var canonical = [
    "GET", path, "",
    "host:" + v.s3_host, "x-amz-content-sha256:UNSIGNED-PAYLOAD", "x-amz-date:" + date, "",
    "host;x-amz-content-sha256;x-amz-date", "UNSIGNED-PAYLOAD",
  ].join("\n");
  var toSign = [
    "AWS4-HMAC-SHA256", date, scope,
    crypto.createHash("sha256").update(canonical).digest("hex"),
  ].join("\n");
  var key = hmac(hmac(hmac(hmac("AWS4" + v.s3_secret_key, day), v.s3_region), "s3"), "aws4_request");
  var signature = crypto.createHmac("sha256", key).update(toSign).digest("hex");
  return "AWS4-HMAC-SHA256 Credential=" + v.s3_access_key + "/" + scope +
    ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature;
}

export default { amzDate, authorization };
