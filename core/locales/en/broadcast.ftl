## Broadcast (/broadcast, administrators only)
broadcast-title = broadcast
broadcast-ask-text = Send the broadcast text as one message; formatting is kept. Everyone who has not blocked the bot gets it. /cancel to stop.
broadcast-quiet-note = From { $start } to { $end } in the recipient's time zone messages wait for the morning.
broadcast-too-long = The text is too long: { $length } characters, at most { $limit }. Please send a shorter one.
broadcast-preview = { $count } people will get this broadcast. It will look like this:

    { $text }

    Send it?
broadcast-send = 📣 Send
broadcast-drop = ✖️ Cancel
broadcast-dropped = Broadcast cancelled; nothing was sent.
broadcast-started = Broadcast #{ $number } started: { $total } { $total ->
        [one] recipient
       *[other] recipients
    }. Its progress will show here.
broadcast-progress = Broadcast #{ $number }: { $sent } of { $total } sent, { $failed } not delivered, { $blocked } blocked the bot, { $left } left.
broadcast-finished = Broadcast #{ $number } finished: { $sent } of { $total } sent, { $failed } not delivered, { $blocked } blocked the bot.
broadcast-report = ✅ Broadcast #{ $number } finished.
    Delivered: { $sent } of { $total }.
    Not delivered: { $failed }.
    Blocked the bot: { $blocked } (they get it if they write to the bot again within two days).
broadcast-message = { $text }
