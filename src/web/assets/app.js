// marsad — small progressive enhancements. The pages work without this
// script; it is served from the same origin (the Content-Security-Policy
// allows no inline script).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Layer switches: show or hide a kind of evidence in the text.
  for (const box of document.querySelectorAll("input[data-layer]")) {
    const target = document.getElementById(box.dataset.target);
    if (!target) continue;
    const apply = () => target.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    box.addEventListener("change", apply);
    apply();
  }

  // Every part of a claim (source, cue, content) lights up together, from
  // the text or from the list beside it.
  const parts = (n) => document.querySelectorAll('[data-claim="' + CSS.escape(n) + '"]');
  const light = (n, on) => { for (const el of parts(n)) el.classList.toggle("claim-lit", on); };
  for (const el of document.querySelectorAll("[data-claim]")) {
    el.addEventListener("mouseenter", () => light(el.dataset.claim, true));
    el.addEventListener("mouseleave", () => light(el.dataset.claim, false));
  }
  for (const item of document.querySelectorAll("[data-claim-item]")) {
    item.addEventListener("click", () => {
      const first = parts(item.dataset.claimItem)[0];
      if (first && first !== item) {
        first.scrollIntoView({ block: "center", behavior: "smooth" });
        light(item.dataset.claimItem, true);
        setTimeout(() => light(item.dataset.claimItem, false), 1600);
      }
    });
  }

  // "/" focuses the search box, as on most search sites.
  const search = document.querySelector('input[type=search]');
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && search && document.activeElement !== search && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      e.preventDefault();
      search.focus();
    }
  });
});
