## Клиники рядом
menu-clinics = 🏥 Клиники рядом
help-section-clinics = • Клиники рядом — ближайшие клиники вашей программы ДМС, поиск по названию, маршрут. Демо-клиники: © участники OpenStreetMap, ODbL 1.0
clinics-title = поиск клиник
clinics-no-policy = Список клиник зависит от программы вашего полиса ДМС, а действующего полиса ДМС в профиле нет. Привяжите полис — и здесь появятся клиники вашей программы.
clinics-ask = Отправьте своё местоположение кнопкой внизу — покажу ближайшие клиники вашей программы. Можно отправить и любую точку на карте (скрепка → «Геопозиция»), выбрать сохранённое место или написать часть названия или адреса клиники.
clinics-share = 📍 Отправить местоположение
clinics-home = 🏠 Дом
clinics-work = 🏢 Работа
clinics-places = 📌 Мои места
clinics-back = ⬅️ Главное меню
clinics-query-short = Напишите хотя бы { $letters } буквы названия или адреса клиники — или отправьте местоположение.
clinics-query-long = Это слишком длинно для названия: напишите часть названия или адреса клиники, до { $letters } символов — или отправьте местоположение.
clinics-near-title = <b>Клиники вашей программы рядом</b>{ $filter } — { $from }–{ $to }:
clinics-filter-on = , специальность «{ SPECIALTY($specialty) }»
clinics-name-title = <b>Клиники вашей программы: «{ $query }»</b> — найдено { $count }, стр. { $page } из { $pages }:
clinics-none-near = Рядом с этим местом клиник вашей программы{ $filter } не нашлось.
clinics-none-by-name = Среди клиник вашей программы нет таких, где в названии или адресе есть «{ $query }». Попробуйте короче или отправьте местоположение.
clinics-line = { $n }. <b>{ $name }</b>{ $distance }
    { $address } · { $phone }{ $booking }
clinics-line-distance = { " " }— { $distance }
clinics-line-booking = { " " }· 🗓 онлайн-запись
clinics-meters = { $value } м
clinics-kilometres = { $value } км
clinics-more = Ещё ▶️
clinics-prev = ◀️ Назад
clinics-filter = 🩺 Специальность
clinics-on-map = 🗺 На карте
clinics-filter-choose = Какой врач нужен? Специальности ближайших клиник вашей программы:
clinics-filter-all = Все специальности
clinics-save-home = 💾 Сохранить как Дом
clinics-save-work = 💾 Сохранить как Работа
clinics-saved = Место «{ $place }» сохранено: теперь его можно выбрать кнопкой внизу.
clinics-place-unknown = Место «{ $place }» ещё не сохранено. Отправьте местоположение и нажмите «Сохранить как { $place }».
clinics-place-name-home = Дом
clinics-place-name-work = Работа
clinics-place-name-last = Место последнего поиска клиник
clinics-places-list = <b>Сохранённые места</b>
    { $places }
clinics-places-line = { $place }: { $lat }, { $lon } (сохранено { $date })
clinics-places-empty = Сохранённых мест нет. Отправьте местоположение и нажмите «Сохранить как Дом» или «Сохранить как Работа».
clinics-place-show = 🔎 Клиники у места «{ $place }»
clinics-place-forget = 🗑 Удалить «{ $place }»
clinics-place-forgotten = Место «{ $place }» удалено.
clinic-card = <b>{ $name }</b>{ $distance }
    📍 { $address }
    📞 { $phone }
    🩺 { $specialties }
    🗓 { $booking }
clinic-card-distance = { " " }— { $distance } от вас
clinic-no-address = адрес не указан, координаты { $lat }, { $lon }
clinic-no-phone = телефон не указан
clinic-no-specialties = специальности не указаны
clinic-booking-yes = принимает онлайн-запись
clinic-booking-no = запись по телефону клиники
clinic-demo = ℹ️ Демо-данные: клиника настоящая (© участники OpenStreetMap, ODbL 1.0), а программы, специальности и онлайн-запись назначены ей для демонстрации.
clinic-route-yandex = 🗺 Маршрут: Яндекс Карты
clinic-route-osm = 🗺 Маршрут: OpenStreetMap
clinics-not-covered = Эта клиника не входит в программу вашего полиса.
clinics-open = 🏥 Клиники
clinics-geocode = 📍 Искать рядом с адресом «{ $query }»
clinics-geocoded = Адрес найден: { $address }
clinics-geocode-none = Адрес «{ $query }» не найден. Уточните его (город, улица, дом) или отправьте местоположение.
clinics-geocode-failed = Поиск адреса сейчас не отвечает. Попробуйте чуть позже или отправьте местоположение.
clinic-book = 🗓 Записаться
clinics-to-list = ◀️ К списку
