// Meeting pages: remember the browser's time zone, and make the meeting form
// react to what the user picks (room URL from the name, password and agenda
// fields shown only when they apply, a hint for an unusual duration).
(function () {
  "use strict";

  var ZONE_COOKIE = "cmsync_tz";
  var PASSWORD_ACCESS_TYPE = "2";
  var USUAL_MIN_MINUTES = 5;
  var USUAL_MAX_MINUTES = 180;

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function rememberBrowserZone(zone) {
    if (zone) {
      document.cookie =
        ZONE_COOKIE + "=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;SameSite=Lax";
    }
  }

  // A copy of TRANSLITERATION in meetings/room_urls.py, in JSON syntax so a
  // test can compare the two: lowercase letters that NFKD does not turn into
  // ASCII letters, spelled in ASCII.
  var TRANSLITERATION = {
    "ł": "l",
    "ß": "ss",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŋ": "ng",
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
    "ђ": "dj",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
    "ѕ": "dz",
    "ѓ": "gj",
    "ќ": "kj"
  };

  function transliterate(text) {
    return Array.from(text.normalize("NFC").toLowerCase(), function (letter) {
      return Object.prototype.hasOwnProperty.call(TRANSLITERATION, letter)
        ? TRANSLITERATION[letter]
        : letter;
    }).join("");
  }

  // Mirrors meetings.room_urls.slugify_room_name (django.utils.text.slugify
  // after transliterate), which the server applies too.
  function slugify(text) {
    return transliterate(text)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x00-\x7f]/g, "")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .toLowerCase()
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .slice(0, 96)
      .replace(/[-_]+$/g, "");
  }

  function wrapperOf(field) {
    return field ? field.closest(".mb-3") || field.parentElement : null;
  }

  function setVisible(element, visible) {
    if (element) {
      element.classList.toggle("d-none", !visible);
    }
  }

  function setUpRoomUrl(form) {
    var name = form.querySelector("[name=name]");
    var roomUrl = form.querySelector("[name=room_url_name]");
    var derived = form.querySelector("[name=room_url_name_derived]");
    if (!name || !roomUrl || !derived) {
      return;
    }
    // The URL follows the name until the user types a URL of their own. An
    // existing room keeps its URL unless the user changes it.
    var isNew = form.dataset.newMeeting === "true";
    var following =
      roomUrl.value === "" || (isNew && roomUrl.value === slugify(name.value));
    function sync() {
      if (following) {
        roomUrl.value = slugify(name.value);
      }
      derived.value = following ? "True" : "";
    }
    name.addEventListener("input", sync);
    roomUrl.addEventListener("input", function () {
      following = roomUrl.value === "";
      derived.value = following ? "True" : "";
    });
    if (following && roomUrl.value === "") {
      sync();
    } else {
      derived.value = following ? "True" : "";
    }
  }

  function setUpAccessType(form) {
    var password = form.querySelector("[name=password]");
    var accessType = form.querySelector("[name=access_type]");
    if (!password || !accessType) {
      return;
    }
    function update() {
      setVisible(wrapperOf(password), accessType.value === PASSWORD_ACCESS_TYPE);
    }
    accessType.addEventListener("change", update);
    update();
  }

  function setUpLobby(form) {
    var lobby = form.querySelector("[name=lobby_enabled]");
    var agenda = form.querySelector("[name=lobby_description]");
    if (!lobby || !agenda) {
      return;
    }
    function update() {
      setVisible(wrapperOf(agenda), lobby.checked);
    }
    lobby.addEventListener("change", update);
    update();
  }

  function setUpDurationHint(form) {
    var hours = form.querySelector("[name=duration_hours]");
    var minutes = form.querySelector("[name=duration_minutes]");
    var warning = form.querySelector(".js-duration-warning");
    if (!hours || !minutes || !warning) {
      return;
    }
    function update() {
      var total = (parseInt(hours.value, 10) || 0) * 60 + (parseInt(minutes.value, 10) || 0);
      setVisible(warning, total > 0 && (total < USUAL_MIN_MINUTES || total > USUAL_MAX_MINUTES));
    }
    hours.addEventListener("input", update);
    minutes.addEventListener("input", update);
    update();
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function oneHourFromNow() {
    var start = new Date(Date.now() + 60 * 60 * 1000);
    return (
      start.getFullYear() + "-" + pad(start.getMonth() + 1) + "-" + pad(start.getDate()) +
      "T" + pad(start.getHours()) + ":" + pad(start.getMinutes())
    );
  }

  // On the first visit the server cannot know the browser's zone yet (the
  // cookie is set below), so a fresh form for a new meeting switches to it,
  // with the start one hour from now in that zone.
  function setUpTimeZone(form, zone) {
    var select = form.querySelector("[name=timezone]");
    var start = form.querySelector("[name=start]");
    var freshForm = form.dataset.newMeeting === "true" && form.dataset.bound === "false";
    var zoneKnown = document.cookie.indexOf(ZONE_COOKIE + "=") !== -1;
    if (!select || !start || !freshForm || zoneKnown || !zone || select.value === zone) {
      return;
    }
    var option = Array.prototype.find.call(select.options, function (item) {
      return item.value === zone;
    });
    if (option) {
      select.value = zone;
      start.value = oneHourFromNow();
    }
  }

  if (typeof document === "undefined") {
    // Loaded by Node.js in the test that compares this slug with the server's.
    module.exports = { slugify: slugify };
    return;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zone = browserZone();
    var form = document.querySelector("form.js-meeting-form");
    if (form) {
      setUpTimeZone(form, zone);
      setUpRoomUrl(form);
      setUpAccessType(form);
      setUpLobby(form);
      setUpDurationHint(form);
    }
    rememberBrowserZone(zone);
  });
})();
