// Certificate verification in the browser: Ed25519 through WebCrypto, keys from jwks.json,
// revocations from the signed revocations.jws. No cryptography is implemented here.
"use strict";

const TEXT = new TextDecoder();
const STATUS = {
  "valid": "Действителен",
  "revoked": "Отозван",
  "tampered": "Подделан",
  "unknown-key": "Ключ неизвестен",
};

function b64u(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("не base64url");
  const pad = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  return Uint8Array.from(atob(pad), (c) => c.charCodeAt(0));
}

function findToken(text) {
  const m = String(text).match(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
  return m ? m[0] : null;
}

// {header, payload, ok} for a compact JWS, or throws when it cannot even be read
async function checkJws(token, jwks) {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("не токен");
  const header = JSON.parse(TEXT.decode(b64u(parts[0])));
  const body = b64u(parts[1]);
  let payload = null;
  try { payload = JSON.parse(TEXT.decode(body)); } catch (e) { payload = null; }
  const kid = header.kid || (payload && payload.k);
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (header.alg !== "EdDSA") return { header, payload, ok: false };
  if (!jwk) {  // a header naming an unknown key while the payload names ours was altered
    const ours = payload && jwks.keys.some((k) => k.kid === payload.k);
    return { header, payload, ok: ours ? false : null };
  }
  const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x },
                                            { name: "Ed25519" }, false, ["verify"]);
  const signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, b64u(parts[2]), signed);
  return { header, payload, ok };
}

async function fetchText(name) {
  const r = await fetch(name, { cache: "no-store" });
  if (!r.ok) throw new Error(name + ": " + r.status);
  return r.text();
}

function ruDate(iso) {
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleDateString("ru-RU", { day: "numeric", month: "long", year: "numeric" });
}

function show(status, why, payload, site) {
  const box = document.getElementById("verdict");
  box.hidden = false;
  box.className = "verdict " + status;
  document.getElementById("status").textContent = STATUS[status];
  document.getElementById("why").textContent = why;
  const fields = document.getElementById("fields");
  fields.hidden = !(payload && status !== "tampered");
  if (fields.hidden) return;
  const course = (site.course && site.course[payload.c]) || payload.c;
  document.getElementById("f-name").textContent = payload.n;
  document.getElementById("f-course").textContent = course;
  document.getElementById("f-hours").textContent = payload.h + " академических часов";
  document.getElementById("f-date").textContent = ruDate(payload.d);
  document.getElementById("f-result").textContent = payload.r + " %" + (payload.x ? ", с отличием" : "");
  document.getElementById("f-serial").textContent = payload.s;
}

async function revocationStatus(payload, jwks, site) {
  const note = document.getElementById("revocation-note");
  try {
    const list = await checkJws((await fetchText("revocations.jws")).trim(), jwks);
    if (list.ok !== true || !list.payload) throw new Error("подпись списка отзыва не прошла проверку");
    const ageDays = (Date.now() / 1000 - list.payload.iat) / 86400;
    if (ageDays > (site.max_age_days || 7)) {
      note.hidden = false;
      note.textContent = "Список отзыва устарел: он от " + ruDate(list.payload.issued) +
        ". Сертификат мог быть отозван позже — уточните у организатора.";
    }
    return (list.payload.revoked || []).find((e) => e.serial === payload.s) || null;
  } catch (e) {
    note.hidden = false;
    note.textContent = "Список отзыва не загрузился (" + e.message + "): отзыв не проверен.";
    return null;
  }
}

async function verify(text) {
  let site = {};
  try { site = JSON.parse(await fetchText("site.json")); } catch (e) { site = {}; }
  const token = findToken(text);
  if (!token) return show("tampered", "В ссылке нет данных сертификата.", null, site);
  let jwks;
  try { jwks = JSON.parse(await fetchText("jwks.json")); } catch (e) {
    return show("unknown-key", "Не загрузились открытые ключи организатора: проверка невозможна.", null, site);
  }
  let res;
  try { res = await checkJws(token, jwks); } catch (e) {
    return show("tampered", "Данные сертификата повреждены или изменены.", null, site);
  }
  if (res.ok === null) return show("unknown-key", "Сертификат подписан ключом, которого нет у организатора.", res.payload, site);
  if (!res.ok || !res.payload) return show("tampered", "Подпись не совпадает с данными: сертификат изменён.", null, site);
  const revoked = await revocationStatus(res.payload, jwks, site);
  if (revoked) return show("revoked", "Отозван " + ruDate(revoked.date) + ": " + revoked.reason, res.payload, site);
  show("valid", "Подпись организатора верна" + (site.issuer ? " (" + site.issuer + ")" : "") + ".", res.payload, site);
}

document.getElementById("manual").addEventListener("submit", (ev) => {
  ev.preventDefault();
  verify(document.getElementById("token").value);
});
window.addEventListener("hashchange", () => verify(location.hash.slice(1)));
if (location.hash.length > 1) {
  document.getElementById("intro").hidden = true;
  verify(decodeURIComponent(location.hash.slice(1)));
}
