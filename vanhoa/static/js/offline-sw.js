/* The group leader's app service worker (issue 20). Served by the application at /sw.js?u=<user key>.
   Cache Storage holds only the app's page and static files, in a cache named per user; the group's data
   (/ung-dung/du-lieu/) and everything else is never cached here: the data lives in IndexedDB only. */
"use strict";

const SHELL = /*SHELL*/[];
const KEY = new URL(self.location.href).searchParams.get("u") || "none";
const CACHE = "vanhoa-shell-" + KEY;
const APP = "/ung-dung/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("vanhoa-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

async function appPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // a redirect means signed out (the login page): never keep that as the app; and only the page of this
    // worker's account (another account signed in on the phone is served, but kept by its own worker)
    if (response.ok && !response.redirected && response.headers.get("X-Offline-Key") === KEY) {
      await cache.put(APP, response.clone());
    }
    return response;
  } catch (err) {
    const kept = await cache.match(APP);
    if (kept) return kept;
    throw err;
  }
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === APP) {
    event.respondWith(appPage(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  }
  // anything else (the data, the sync, other pages) goes to the network, uncached
});
