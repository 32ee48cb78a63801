## Hotline
cmd-hotline = Hotline 24/7: the insurer's phone and e-mail
menu-hotline = ☎️ Hotline 24/7
help-section-hotline = • Hotline 24/7 — the insurer's phone and support e-mail, around the clock
hotline-contacts =
    <b>☎️ { $insurer } hotline</b>

    Phone: { $phone }
    Support e-mail: { $email }
    Hours: around the clock, every day.

    Call when you need help right now: a doctor, a clinic, a question about your policy.
