## Рассылка (/broadcast, только для администраторов)
broadcast-title = рассылка
broadcast-ask-text = Пришлите текст рассылки одним сообщением — форматирование сохранится. Получат все, кто не заблокировал бота. /cancel — отменить.
broadcast-quiet-note = С { $start } до { $end } по времени получателя сообщения ждут утра.
broadcast-too-long = Текст слишком длинный: { $length } { $length ->
        [one] символ
        [few] символа
       *[other] символов
    }, можно не больше { $limit }. Пришлите текст покороче.
broadcast-preview = Рассылку получат { $count } чел. Так она будет выглядеть:

    { $text }

    Отправить?
broadcast-send = 📣 Отправить
broadcast-drop = ✖️ Отмена
broadcast-dropped = Рассылка отменена, никому ничего не отправлено.
broadcast-started = Рассылка №{ $number } запущена: { $total } { $total ->
        [one] получатель
        [few] получателя
       *[other] получателей
    }. Здесь будет виден ход отправки.
broadcast-progress = Рассылка №{ $number }: отправлено { $sent } из { $total }, не доставлено { $failed }, заблокировали бота { $blocked }, осталось { $left }.
broadcast-finished = Рассылка №{ $number } завершена: отправлено { $sent } из { $total }, не доставлено { $failed }, заблокировали бота { $blocked }.
broadcast-report = ✅ Рассылка №{ $number } завершена.
    Доставлено: { $sent } из { $total }.
    Не доставлено: { $failed }.
    Заблокировали бота: { $blocked } (получат, если снова напишут боту в ближайшие двое суток).
broadcast-message = { $text }
