/* After signing out: empty the phone's store of the group leader's app (IndexedDB) and its caches, unregister
   the service worker, then go on to the login page (issue 20). The logout answer also sends Clear-Site-Data. */
"use strict";
(async function () {
  const status = document.getElementById("clear-status");
  try {
    if (indexedDB.databases) {
      const dbs = await indexedDB.databases();
      await Promise.all(
        dbs.filter((d) => d.name && d.name.startsWith("vanhoa-")).map(
          (d) => new Promise((resolve) => {
            const req = indexedDB.deleteDatabase(d.name);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          })
        )
      );
    }
    if (window.caches) {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith("vanhoa-")).map((n) => caches.delete(n)));
    }
    if (navigator.serviceWorker) {
      const regs = await navigator.serviceWorker.getRegistrations();
      await Promise.all(regs.map((r) => r.unregister()));
    }
    if (status) status.textContent = "Đã xóa dữ liệu của tổ trên máy này.";
    document.body.dataset.cleared = "1";
    if (status && status.dataset.next) window.location.replace(status.dataset.next);
  } catch (err) {
    if (status) status.textContent = "Không xóa hết được dữ liệu trên máy: " + err;
  }
})();
