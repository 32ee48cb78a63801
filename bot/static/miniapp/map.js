/* The clinics map (bot/miniapp.py): the person's covered clinics around where they are, as
   clustered markers and as a list by true distance; a specialty filter and «online booking
   only»; a clinic's card with its route. Who opens it is proven by Telegram's initData, sent
   with every call; the place goes in the body of a POST, never in a URL. */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const t = config.texts;
  const status = document.getElementById("status");
  const list = document.getElementById("list");
  const card = document.getElementById("card");
  const specialty = document.getElementById("specialty");
  const online = document.getElementById("online");
  const app = window.Telegram && window.Telegram.WebApp;

  function initData() {
    if (app && app.initData) return app.initData;
    return new URLSearchParams(location.hash.slice(1)).get("tgWebAppData") || "";
  }
  const auth = initData();

  const map = L.map("map").setView(config.center, 10);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false });
  map.addLayer(cluster);
  let place = null;
  let first = true;

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
    if (app && app.openLink) {
      way.addEventListener("click", (event) => { event.preventDefault(); app.openLink(way.href); });
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
    if (app && app.close) app.close();
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
    say(clinics.length ? "" : t.none);
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
    if (first) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
      first = false;
    }
  }

  async function load() {
    if (!place) return;
    say(t.loading);
    const body = { lat: place[0], lon: place[1], online: online.checked };
    if (specialty.value) body.specialty = specialty.value;
    let response;
    try {
      response = await post(config.api, body);
    } catch (error) {
      say(t.failed);
      return;
    }
    if (response.status === 401) { say(t.unauthorized); return; }
    if (response.status === 403) { say(t.not_signed_up); return; }
    if (!response.ok) { say(t.failed); return; }
    show((await response.json()).clinics);
  }

  specialty.addEventListener("change", load);
  online.addEventListener("change", load);
  if (app && app.ready) app.ready();
  if (!auth) { say(t.unauthorized); return; }
  if (!navigator.geolocation) { say(t.no_location); return; }
  navigator.geolocation.getCurrentPosition(
    (position) => {
      place = [position.coords.latitude, position.coords.longitude];
      L.circleMarker(place, { radius: 7 }).addTo(map);
      load();
    },
    () => say(t.no_location),
    { timeout: 15000, maximumAge: 600000 },
  );
})();
