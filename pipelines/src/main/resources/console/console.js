// dbrestore console: the little the pages need beyond HTML. Served as a file (no inline script).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Task list: reload while a task runs, so its progress bar moves.
  const refresh = document.querySelector("[data-refresh]");
  if (refresh) {
    setTimeout(() => location.reload(), Number(refresh.dataset.refresh));
  }

  // Task details: poll the task's status while it runs; reload once it has ended.
  const status = document.getElementById("status");
  if (status && status.dataset.state === "running") {
    const poll = async () => {
      try {
        const r = await fetch("/tasks/" + encodeURIComponent(status.dataset.task) + "/status",
          {credentials: "same-origin", headers: {"Accept": "application/json"}});
        const s = await r.json();
        if (s.state !== "running") {
          location.reload();
          return;
        }
        document.getElementById("task-stage").textContent = s.progress || "";
        const bar = document.getElementById("task-progress");
        if (s.percent != null) {
          bar.value = Math.round(s.percent);
        }
        document.getElementById("task-figures").textContent = s.line || "";
      } catch (e) {
        // The next poll tries again.
      }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }

  // Wizard step 1: the name checked as you type, the method's part shown.
  const name = document.getElementById("name");
  if (name) {
    const next = document.getElementById("next");
    const check = document.getElementById("name-check");
    const max = Number(name.dataset.max);
    const checkName = () => {
      const length = Array.from(name.value).length;
      let problem = null;
      if (name.value.trim().length === 0) {
        problem = "The task has no name; give it one of 1 to " + max + " characters.";
      } else if (length > max) {
        problem = "The task name has " + length + " characters; a task name may have at most "
          + max + ".";
      }
      check.textContent = problem || length + " of " + max + " characters.";
      check.classList.toggle("bad", problem !== null);
      name.setAttribute("aria-invalid", problem !== null);
      next.disabled = problem !== null;
    };
    name.addEventListener("input", checkName);
    checkName();
  }
  const methods = document.querySelectorAll("input[name=method]");
  if (methods.length) {
    const show = () => {
      const chosen = document.querySelector("input[name=method]:checked");
      document.querySelectorAll(".method-part").forEach(part => {
        part.hidden = !chosen || part.dataset.method !== chosen.value;
      });
    };
    methods.forEach(m => m.addEventListener("change", show));
    show();
  }
  // The picker keeps to the chosen source's window, in UTC; what it picks goes in the typed
  // field with its zone, which is what the server checks.
  const pitrSource = document.getElementById("pitrSource");
  if (pitrSource) {
    const picker = document.getElementById("pointInTimePicker");
    const typed = document.getElementById("pointInTime");
    const showWindow = () => document.querySelectorAll("[data-window]").forEach(w => {
      const shown = w.dataset.window === pitrSource.value;
      w.hidden = !shown;
      if (shown) {
        ["min", "max"].forEach(bound => {
          if (w.dataset[bound]) {
            picker.setAttribute(bound, w.dataset[bound]);
          } else {
            picker.removeAttribute(bound);
          }
        });
      }
    });
    picker.addEventListener("change", () => {
      if (picker.value) {
        typed.value = (picker.value.length === 16 ? picker.value + ":00" : picker.value) + "Z";
      }
    });
    pitrSource.addEventListener("change", showWindow);
    showWindow();
  }

  // Wizard step 2: the tree only for custom objects; a database ticks its objects.
  const tree = document.getElementById("tree");
  if (tree) {
    const objects = document.querySelectorAll("input[name=objects]");
    const show = () => {
      const custom = document.querySelector("input[name=objects]:checked").value === "custom";
      tree.hidden = !custom;
      tree.querySelectorAll("input").forEach(i => { i.disabled = !custom; });
    };
    objects.forEach(o => o.addEventListener("change", show));
    show();
    tree.querySelectorAll("input.db").forEach(db => db.addEventListener("change", () => {
      db.closest("li").querySelectorAll("input.obj").forEach(o => { o.checked = db.checked; });
    }));
  }

  // Pre-check: Start only once, without failures and with every warning ticked.
  const startForm = document.getElementById("start-form");
  if (startForm) {
    const start = document.getElementById("start");
    const boxes = startForm.querySelectorAll("input.accept");
    const update = () => {
      const failures = Number(startForm.dataset.failures);
      start.disabled = "started" in startForm.dataset || failures > 0
        || Array.from(boxes).some(b => !b.checked);
    };
    boxes.forEach(b => b.addEventListener("change", update));
    update();
  }
});
