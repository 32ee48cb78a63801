## Operators' group
desk-incident-recovery = 🚨 Incident #{ $number }: a person pressed "Not me" after access to profile #{ $profile } was recovered. The profile is frozen until a decision.
desk-unfreeze = 🔓 Unfreeze
desk-unfrozen = ✅ Unfrozen by operator { $operator }.
desk-give-back = ↩️ Give back to the previous account
desk-given-back = ↩️ Profile given back to the previous account by operator { $operator }.
desk-give-back-gone = Cannot give it back: the previous account or the profile no longer exists. It can only be unfrozen.
desk-give-back-has-profile = Cannot give it back: the previous account has a profile of its own now. It can only be unfrozen.
desk-give-back-same-account = The profile is on the previous account already.
desk-not-allowed = Only operators can do this.
desk-already-decided = A decision on this has already been made.
desk-frozen = The profile is frozen after a "Not me" report: decide its incident first.
desk-find-usage = Usage: /find e-mail, phone, policy number or #profile number
desk-found = <b>{ $name }</b> (profile #{ $profile })
    E-mail: { $email }, phone: { $phone }
    Policies: { $policies }
    State: { $state }
desk-state-ok = active
desk-state-frozen = frozen
desk-state-pin-locked = PIN locked
desk-no-policies = none
desk-not-found = Nobody found for "{ $query }".
desk-unlink-usage = Usage: /unlink policy number
desk-unlinked = Policy { $number } unlinked from its profile.
desk-unlink-none = Policy { $number } was not found or is not linked to anyone.
desk-unlock-usage = Usage: /unlock e-mail, phone or policy number
desk-unlocked = PIN and code locks lifted — { $name }
desk-sms-brake-engaged = ⛔ SMS brake: { $sent } SMS codes went out within the hour, the SMS_HOURLY_LIMIT ({ $limit }). No more SMS codes go out to anyone: this is what SMS pumping looks like. If these are real people, lift the brake: /liftsms
desk-sms-brake-on = ⛔ The SMS brake is on: { $sent } of { $limit } SMS codes within the hour, no more go out. Lift it: /liftsms
desk-sms-brake-off = The SMS brake is off: { $sent } of { $limit } SMS codes within the last hour.
desk-sms-brake-lifted = ✅ SMS brake lifted by { $operator }: SMS codes go out again, and the limit counts afresh from now ({ $sent } before the lift).
desk-pending-none = Nothing is waiting.
desk-pending = <b>Waiting for a decision</b> (oldest first):
    { $items }
desk-pending-line = • { $kind } { $number } — since { $since }
desk-number = #{ $number }
desk-kind-recovery-disputed = "Not me" incident
desk-unknown-command = There is no such command. The group's commands: /find, /unlink, /unlock, /pending, /liftsms.
    Write an answer to a request or a reason for a refusal as a plain message, without “/” at the start.
desk-prompt-expired = This prompt has lapsed: the answer was awaited for { $minutes } min. Nothing was decided: press the button on the card again.
desk-prompt-cancelled = Cancelled: no answer is awaited any more. To decide, press the button on the card again.
