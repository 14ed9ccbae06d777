/* Planner pages: focus after each onboarding step, one milestone open at a time, "Saved"
   announcements, copy buttons. A static file (the site's CSP allows no inline script);
   every page works without it. */
(function () {
  "use strict";

  function focusElement(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
  }

  // Onboarding: errors first, else the new question's heading after a step was answered.
  function onboardingFocus() {
    var errors = document.getElementById("form-errors");
    if (errors) {
      focusElement(errors);
      return;
    }
    var heading = document.getElementById("step-heading");
    var fromStep = /(^|[?&])step=/.test(window.location.search);
    var fromPlanner = document.referrer.indexOf("/plan/start/") !== -1;
    if (heading && (fromStep || fromPlanner)) {
      focusElement(heading);
      return;
    }
    var preview = document.getElementById("preview-page-heading");
    if (preview && fromPlanner) focusElement(preview);
  }

  // Plan page: what a re-plan changed is read first.
  function changeSummaryFocus() {
    focusElement(document.getElementById("what-changed"));
  }

  // One milestone open at a time (the native `name` grouping does it in new browsers).
  function exclusiveMilestones() {
    document.addEventListener(
      "toggle",
      function (event) {
        var opened = event.target;
        if (!opened.matches || !opened.matches("details.milestone-details") || !opened.open) return;
        document.querySelectorAll("details.milestone-details[open]").forEach(function (other) {
          if (other !== opened) other.open = false;
        });
      },
      true
    );
  }

  // A link to #milestone-N (next step, overdue list) opens that milestone.
  function openTarget(hash) {
    var id = (typeof hash === "string" ? hash : window.location.hash).slice(1);
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var details = target.matches("details") ? target : target.querySelector("details") || target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }

  // An empty status region before each save, so the same "Saved" text is announced again.
  function saveAnnouncements() {
    document.addEventListener("htmx:beforeRequest", function (event) {
      var form = event.detail && event.detail.elt;
      if (!form || !form.matches || !form.matches("form.milestone-form")) return;
      var status = form.querySelector(".save-status");
      if (status) status.textContent = "";
    });
  }

  function copyButtons() {
    document.querySelectorAll(".copy-button").forEach(function (button) {
      var row = button.closest(".copy-row");
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field || !row) return;
      row.hidden = false;
      var status = row.querySelector(".copy-status");
      button.addEventListener("click", function () {
        var done = function () {
          if (status) status.textContent = "Copied.";
        };
        var fallback = function () {
          field.select();
          try {
            document.execCommand("copy");
            done();
          } catch (e) {
            if (status) status.textContent = "Select the link and copy it.";
          }
        };
        if (status) status.textContent = "";
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  function init() {
    onboardingFocus();
    changeSummaryFocus();
    exclusiveMilestones();
    openTarget();
    window.addEventListener("hashchange", openTarget);
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#milestone-"]');
      if (link) openTarget(link.getAttribute("href"));
    });
    saveAnnouncements();
    copyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
