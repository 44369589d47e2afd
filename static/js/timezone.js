// Remember the browser's time zone in a cookie, so the server shows every
// time in the zone the user lives in.
(function () {
  "use strict";

  var COOKIE = "cmsync_tz";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  var current = document.cookie.match(/(?:^|; )cmsync_tz=([^;]*)/);
  if (zone && (!current || decodeURIComponent(current[1]) !== zone)) {
    document.cookie =
      COOKIE + "=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;SameSite=Lax";
  }
})();
