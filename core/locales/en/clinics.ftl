## Clinics nearby
menu-clinics = 🏥 Clinics nearby
help-section-clinics = • Clinics nearby — the nearest clinics of your health programme, search by name, directions. Demo clinics: © OpenStreetMap contributors, ODbL 1.0
clinics-title = clinic search
clinics-no-policy = Which clinics you may use depends on the programme of your health (DMS) policy, and your profile has no policy in force. Link your policy and the clinics of its programme will appear here.
clinics-ask = Send your location with the button below and I will show the nearest clinics of your programme. You can also send any point on the map (paperclip → “Location”), choose a saved place, or type part of a clinic's name or address.
clinics-share = 📍 Send my location
clinics-home = 🏠 Home
clinics-work = 🏢 Work
clinics-places = 📌 My places
clinics-back = ⬅️ Main menu
clinics-query-short = Please type at least { $letters } letters of the clinic's name or address, or send a location.
clinics-query-long = That is too long for a name: type part of the clinic's name or address, up to { $letters } characters, or send a location.
clinics-near-title = <b>Clinics of your programme nearby</b>{ $filter }, { $from }–{ $to }:
clinics-filter-on = , specialty “{ SPECIALTY($specialty) }”
clinics-name-title = <b>Clinics of your programme: “{ $query }”</b>, { $count } found, page { $page } of { $pages }:
clinics-none-near = No clinics of your programme{ $filter } were found near this place.
clinics-none-by-name = None of your programme's clinics has “{ $query }” in its name or address. Try fewer letters or send a location.
clinics-line = { $n }. <b>{ $name }</b>{ $distance }
    { $address } · { $phone }{ $booking }
clinics-line-distance = { " " }— { $distance }
clinics-line-booking = { " " }· 🗓 online booking
clinics-meters = { $value } m
clinics-kilometres = { $value } km
clinics-more = More ▶️
clinics-prev = ◀️ Back
clinics-filter = 🩺 Specialty
clinics-on-map = 🗺 On the map
clinics-filter-choose = Which doctor do you need? Specialties of the nearest clinics of your programme:
clinics-filter-all = All specialties
clinics-save-home = 💾 Save as Home
clinics-save-work = 💾 Save as Work
clinics-saved = “{ $place }” is saved: you can now choose it with the button below.
clinics-place-unknown = “{ $place }” is not saved yet. Send a location and press “Save as { $place }”.
clinics-place-name-home = Home
clinics-place-name-work = Work
clinics-place-name-last = Where you last looked for clinics
clinics-places-list = <b>Saved places</b>
    { $places }
clinics-places-line = { $place }: { $lat }, { $lon } (saved { $date })
clinics-places-empty = No saved places. Send a location and press “Save as Home” or “Save as Work”.
clinics-place-show = 🔎 Clinics near “{ $place }”
clinics-place-forget = 🗑 Delete “{ $place }”
clinics-place-forgotten = “{ $place }” is deleted.
clinic-card = <b>{ $name }</b>{ $distance }
    📍 { $address }
    📞 { $phone }
    🩺 { $specialties }
    🗓 { $booking }
clinic-card-distance = , { $distance } from you
clinic-no-address = no address given, coordinates { $lat }, { $lon }
clinic-no-phone = no phone given
clinic-no-specialties = no specialties given
clinic-booking-yes = takes online bookings
clinic-booking-no = book by the clinic's phone
clinic-demo = ℹ️ Demo data: the clinic is real (© OpenStreetMap contributors, ODbL 1.0); its programmes, specialties and online booking were assigned for the demonstration.
clinic-route-yandex = 🗺 Directions: Yandex Maps
clinic-route-osm = 🗺 Directions: OpenStreetMap
clinics-not-covered = This clinic is not in your policy's programme.
clinics-open = 🏥 Clinics
clinics-geocode = 📍 Search near the address “{ $query }”
clinics-geocoded = Address found: { $address }
clinics-geocode-none = The address “{ $query }” was not found. Please make it more precise (city, street, house) or send a location.
clinics-geocode-failed = The address search is not answering right now. Please try a little later or send a location.
clinic-book = 🗓 Book a visit
clinics-to-list = ◀️ Back to the list
