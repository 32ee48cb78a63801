/* The clinics map (bot/miniapp.py): the person's covered clinics around where they are, as
   clustered markers and as a list by true distance; a specialty filter and «online booking
   only»; a clinic's card with its route and «Записаться». Who opens it is proven by Telegram's
   initData, sent with every call; the place goes in the body of a POST, never in a URL.

   Where: the device's location when it gives one; until then, or when it gives none, the place
   of the person's latest list of clinics in the chat (the server keeps it). Opened from a list
   (?at=last), the map starts there and asks the device only when «📍» is pressed. */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const t = config.texts;
  const status = document.getElementById("status");
  const list = document.getElementById("list");
  const card = document.getElementById("card");
  const specialty = document.getElementById("specialty");
  const online = document.getElementById("online");
  const locate = document.getElementById("locate");
  const params = new URLSearchParams(location.search);
  // A family member's key (the server decides whether it is the account's).
  const whom = /^\d{1,10}$/.test(params.get("for") || "") ? Number(params.get("for")) : 0;
  const auth = new URLSearchParams(location.hash.slice(1)).get("tgWebAppData") || "";

  /* Telegram's side of a Mini App, without its script (the page runs only its own): the events
     a Mini App posts (core.telegram.org/api/web-events). Outside Telegram, nothing. */
  const inTelegram = Boolean(window.TelegramWebviewProxy ||
    (window.external && "notify" in window.external) || window.parent !== window);

  function postEvent(type, data) {
    const json = data === undefined ? undefined : JSON.stringify(data);
    if (window.TelegramWebviewProxy) {
      window.TelegramWebviewProxy.postEvent(type, json);
    } else if (window.external && "notify" in window.external) {
      window.external.notify(JSON.stringify({ eventType: type, eventData: data }));
    } else if (window.parent !== window) {
      window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }),
        "https://web.telegram.org");
    }
  }

  /* Telegram's colours, as it passes them in the fragment (its script would set these). */
  function theme() {
    let colours = {};
    try {
      colours = JSON.parse(new URLSearchParams(location.hash.slice(1)).get("tgWebAppThemeParams") || "{}");
    } catch (error) {
      return;
    }
    Object.entries(colours).forEach(([name, value]) => {
      if (/^[a-z_]{1,40}$/.test(name) && /^#[0-9a-fA-F]{3,8}$/.test(String(value))) {
        document.documentElement.style.setProperty("--tg-theme-" + name.replace(/_/g, "-"), value);
      }
    });
  }

  /* The menu button's address names no language: the person's Telegram one, as the chat's. */
  function language() {
    try {
      const user = JSON.parse(new URLSearchParams(auth).get("user") || "{}");
      return String(user.language_code || "").toLowerCase().split("-")[0] === "en" ? "en" : "ru";
    } catch (error) {
      return config.lang;
    }
  }
  if (config.auto && auth && language() !== config.lang) {
    params.set("lang", language());
    location.replace(location.pathname + "?" + params.toString() + location.hash);
    return;
  }

  const map = L.map("map").setView(config.center, 10);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false });
  map.addLayer(cluster);
  let place = null;  // [lat, lon] the clinics shown are around
  let here = null;  // its marker
  let fit = true;  // the view follows the next answer (a new place)
  let asked = 0;  // calls made: only the latest one's answer is shown
  let locating = false;
  let tried = false;  // the device asked (once by itself; again on «📍»)
  let note = "";  // what the status says of the clinics shown

  function say(text) { status.textContent = text; }

  function distance(meters) {
    if (meters === null || meters === undefined) return "";
    if (meters < 1000) return meters + " " + t.m;
    return (meters / 1000).toFixed(1) + " " + t.km;
  }

  function element(tag, text, className) {
    const made = document.createElement(tag);
    if (text) made.textContent = text;
    if (className) made.className = className;
    return made;
  }

  function route(clinic) {
    return "https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=" +
      place[0] + "%2C" + place[1] + "%3B" + clinic.lat + "%2C" + clinic.lon;
  }

  function open(clinic) {
    card.replaceChildren();
    const close = element("button", "✕", "close");
    close.type = "button";
    close.setAttribute("aria-label", t.close);
    close.addEventListener("click", () => { card.hidden = true; });
    card.append(close, element("h2", clinic.name));
    const facts = [distance(clinic.meters), clinic.address || t.no_address];
    if (clinic.phone) facts.push(clinic.phone);
    card.append(element("div", facts.join(" · "), "meta"));
    if (clinic.specialties.length) card.append(element("div", clinic.specialties.join(", ")));
    if (clinic.online_booking) card.append(element("div", t.online_booking, "meta"));
    const actions = element("div", "", "actions");
    const way = element("a", t.route);
    way.href = route(clinic);
    way.target = "_blank";
    way.rel = "noopener noreferrer";
    if (inTelegram) {  // Telegram opens it in the browser; the map stays
      way.addEventListener("click", (event) => {
        event.preventDefault();
        postEvent("web_app_open_link", { url: way.href });
      });
    }
    if (clinic.online_booking) {
      const book = element("button", t.book);
      book.type = "button";
      book.addEventListener("click", () => handOff(clinic, book));
      actions.append(book);
    }
    actions.append(way);
    card.append(actions);
    card.hidden = false;
    card.dataset.clinic = String(clinic.id);
  }

  async function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "omit",
      headers: { "Authorization": "tma " + auth, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /* «Записаться»: the booking goes on in the chat, where the bot has just sent its button. */
  async function handOff(clinic, button) {
    button.disabled = true;
    let response;
    try {
      response = await post(config.book, { clinic: clinic.id });
    } catch (error) {
      response = null;
    }
    button.disabled = false;
    if (!response || !response.ok) { say(t.failed); return; }
    say(t.book_sent);
    postEvent("web_app_close");
  }

  function offer(clinics) {
    const chosen = specialty.value;
    const names = new Set(chosen ? [chosen] : []);
    clinics.forEach((clinic) => clinic.specialties.forEach((name) => names.add(name)));
    const sorted = [...names].sort((a, b) => a.localeCompare(b, config.lang));
    specialty.replaceChildren(element("option", t.all_specialties));
    specialty.firstChild.value = "";
    sorted.forEach((name) => {
      const option = element("option", name);
      option.value = name;
      specialty.append(option);
    });
    specialty.value = chosen;
  }

  function show(clinics) {
    cluster.clearLayers();
    list.replaceChildren();
    card.hidden = true;
    offer(clinics);
    const bounds = L.latLngBounds([place]);
    clinics.forEach((clinic, index) => {
      const marker = L.marker([clinic.lat, clinic.lon], { title: clinic.name });
      marker.on("click", () => open(clinic));
      cluster.addLayer(marker);
      if (index < 10) bounds.extend([clinic.lat, clinic.lon]);
      const item = element("li");
      item.dataset.clinic = String(clinic.id);
      item.append(element("div", clinic.name),
        element("div", [distance(clinic.meters), clinic.address || t.no_address].join(" · "), "meta"));
      item.addEventListener("click", () => { map.setView([clinic.lat, clinic.lon], 16); open(clinic); });
      list.append(item);
    });
    if (fit) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
      fit = false;
    }
  }

  function moveTo(lat, lon) {
    if (place && place[0] === lat && place[1] === lon) return;
    place = [lat, lon];
    fit = true;
    if (here) here.setLatLng(place);
    else here = L.circleMarker(place, { radius: 7 }).addTo(map);
  }

  /* The clinics around `around` ([lat, lon]), or around the last place the server knows. */
  async function load(around) {
    const number = ++asked;
    say(t.loading);
    const body = { whom: whom, online: online.checked };
    if (around) { body.lat = around[0]; body.lon = around[1]; }
    if (specialty.value) body.specialty = specialty.value;
    let response;
    let answer = null;
    try {
      response = await post(config.api, body);
      if (response.ok) answer = await response.json();
    } catch (error) {
      response = null;
    }
    if (number !== asked) return;  // a newer call went out (a new place, a filter changed)
    if (!response) { say(t.failed); return; }
    if (response.status === 401) { say(t.unauthorized); return; }
    if (response.status === 403) { say(t.not_signed_up); return; }
    if (response.status === 404) { say(t.no_person); return; }
    if (response.status === 409) {  // no last place: the device is the only way left
      if (!tried) findMe();
      else if (!locating) say(t.no_location);
      return;
    }
    if (!answer) { say(t.failed); return; }
    moveTo(answer.place.lat, answer.place.lon);
    show(answer.clinics);
    note = !answer.clinics.length ? t.none : answer.place.last ? t.at_last : "";
    say(note);
  }

  /* The device's location (`pressed`: «📍», so a failure is told even with clinics shown). */
  function findMe(pressed) {
    tried = true;
    if (!navigator.geolocation) { say(t.no_location); return; }
    locating = true;
    if (!place) say(t.loading);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        locating = false;
        load([position.coords.latitude, position.coords.longitude]);
      },
      () => {
        locating = false;
        say(place && pressed !== true ? note : t.no_location);
      },
      { timeout: 15000, maximumAge: 600000 },
    );
  }

  function reload() { load(place); }
  specialty.addEventListener("change", reload);
  online.addEventListener("change", reload);
  locate.addEventListener("click", () => findMe(true));
  theme();
  postEvent("web_app_ready");
  postEvent("web_app_expand");  // a map wants the whole height
  if (!auth) { say(t.unauthorized); return; }
  load(null);  // where the person last looked, at once
  if (params.get("at") !== "last") findMe();
})();
