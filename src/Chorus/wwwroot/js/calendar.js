// The calendar page: FullCalendar (npm, copied into /lib/fullcalendar by scripts/prerequisites.sh) in month, week and
// list views, fed by the page's feed handler. Times travel as wall-clock times in the person's zone: the server
// converts (it knows the zones' summer-time rules), FullCalendar shows them as given. A dropped post is moved by the
// page's move handler; a refusal puts it back and says why. Loaded again by htmx when the page is reached through a
// boosted link, so everything here is idempotent.
(function () {
  "use strict";

  var libraries = [
    "/lib/fullcalendar/core.global.min.js",
    "/lib/fullcalendar/daygrid.global.min.js",
    "/lib/fullcalendar/timegrid.global.min.js",
    "/lib/fullcalendar/list.global.min.js",
    "/lib/fullcalendar/interaction.global.min.js",
    "/lib/fullcalendar/fr.global.min.js"
  ];

  function load(src) {
    return new Promise(function (resolve, reject) {
      if (document.querySelector("script[data-calendar-library='" + src + "']")) { resolve(); return; }
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.dataset.calendarLibrary = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  function loadAll() {
    if (window.FullCalendar && window.FullCalendar.dayGridPlugin) return Promise.resolve();
    return libraries.reduce(function (chain, src) { return chain.then(function () { return load(src); }); }, Promise.resolve());
  }

  // FullCalendar gives dates as UTC-coerced Dates when the zone is named without a zone plugin: their UTC fields are
  // the wall clock of the person's zone.
  function wallClock(date) { return date.toISOString().slice(0, 19); }

  function say(element, text) {
    element.textContent = "";
    window.setTimeout(function () { element.textContent = text; }, 50);
  }

  function start() {
    var element = document.getElementById("calendar");
    if (!element || element.dataset.started === "yes") return;
    element.dataset.started = "yes";
    var message = document.getElementById("calendar-message");
    loadAll().then(function () {
      var data = element.dataset;
      var phone = window.matchMedia("(max-width: 40rem)").matches;
      var calendar = new window.FullCalendar.Calendar(element, {
        initialView: phone ? "listWeek" : "dayGridMonth",
        locale: data.locale === "fr" ? "fr" : "en",
        timeZone: data.timeZone,
        height: "auto",
        nowIndicator: true,
        dayMaxEvents: 4,
        // Words, not FullCalendar's icon font: its icons are images without a name for screen readers.
        buttonIcons: false,
        buttonText: data.locale === "fr" ? { prev: "‹ Précédent", next: "Suivant ›" } : { prev: "‹ Previous", next: "Next ›" },
        headerToolbar: phone
          ? { left: "prev,next", center: "title", right: "today" }
          : { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" },
        footerToolbar: phone ? { center: "dayGridMonth,timeGridWeek,listWeek" } : false,
        eventStartEditable: true,
        eventDurationEditable: false,
        events: function (info, success, failure) {
          var url = data.feed + "&start=" + encodeURIComponent(wallClock(info.start)) + "&end=" + encodeURIComponent(wallClock(info.end));
          fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
            .then(function (view) {
              success(view.items.map(function (item) {
                var link = item.type === "post" ? data.posts + "/" + item.post
                  : item.type === "event" ? data.events + "/" + item.id.substring(6) : data.campaigns + "/" + item.campaign;
                return {
                  id: item.id,
                  title: item.type === "post" && item.channels.length
                    ? item.title + " — " + item.channels.map(function (c) { return c.name; }).join(", ")
                    : item.title,
                  start: item.allDay ? item.start.slice(0, 10) : item.start.slice(0, 19),
                  end: item.end ? (item.allDay ? item.end.slice(0, 10) : item.end.slice(0, 19)) : null,
                  allDay: item.allDay,
                  url: link,
                  backgroundColor: item.colour,
                  borderColor: item.colour,
                  textColor: item.textColour,
                  editable: item.movable,
                  classNames: ["calendar-" + item.type, item.status ? "status-" + item.status : "no-status"],
                  extendedProps: { post: item.post }
                };
              }));
            })
            .catch(function (error) { say(message, data.failed); failure(error); });
        },
        eventDidMount: function (info) {
          // Month view draws timed items as a dot and text: the link's name carries the time and title for screen readers.
          info.el.setAttribute("aria-label", (info.timeText ? info.timeText + " " : "") + info.event.title);
        },
        eventDrop: function (info) {
          var body = new URLSearchParams();
          body.set("postId", info.event.extendedProps.post);
          body.set("at", wallClock(info.event.start).slice(0, 16));
          body.set("__RequestVerificationToken", data.token);
          fetch(data.move, {
            method: "POST",
            headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
            credentials: "same-origin",
            body: body
          }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (answer) {
              if (!response.ok) {
                info.revert();
                say(message, (answer && answer.message) || data.refused);
                message.classList.add("refused");
                return;
              }
              message.classList.remove("refused");
              say(message, answer.message || data.moved);
            });
          }).catch(function () { info.revert(); say(message, data.refused); message.classList.add("refused"); });
        }
      });
      calendar.render();
      // The filters apply at once when the script runs (the form still works without it).
      var form = document.querySelector("form.calendar-filters");
      if (form) {
        form.addEventListener("change", function () {
          var params = new URLSearchParams(new FormData(form));
          var base = data.feed.split("&")[0];
          params.forEach(function (value, key) { if (value) base += "&" + encodeURIComponent(key) + "=" + encodeURIComponent(value); });
          data.feed = base;
          calendar.refetchEvents();
        });
      }
    }).catch(function () { say(message, element.dataset.failed); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  document.addEventListener("htmx:load", start);
})();
