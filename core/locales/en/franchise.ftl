## Co-payment and card (the Russian texts call it «франшиза»)
menu-franchise = 💳 Co-payment and card
help-section-franchise = • Co-payment and card — policies with a co-payment: terms, consent, binding a card on the payment provider's page
franchise-title = co-payment and card
franchise-stage = { $stage ->
    [none] not set up
    [consented] terms accepted, a card is needed
    [card_bound] card bound, clinics are being connected
    [clinics] clinics available, the co-payment is being activated
   *[active] active
}
franchise-overview = <b>Co-payment and card</b>
    { $lines }

    { $card }
franchise-line = • Policy { $policy } — co-payment { $percent }%: { franchise-stage }
franchise-no-policies = You have no policies with a co-payment.
franchise-card = Card: { $brand } •••• { $last4 }, valid until { $expiry }.
franchise-no-card = No card is bound.
franchise-terms-button = 📄 Terms — { $policy }
franchise-bind = 💳 Bind a card
franchise-unbind = ✂️ Unbind the card
franchise-terms = <b>Co-payment terms for policy { $policy }</b>
    • You pay { $percent }% of the cost of each service under the policy; the insurer pays the rest.
    • Your share is charged automatically to the bound card when the clinic bills the service (usually a few days after the visit). The receipt arrives here.
    • The card is entered only on the payment provider's secure page; the bot keeps just its last 4 digits and expiry.
    • Clinics become available { $access } after the card is bound, and the co-payment becomes active { $activation } after.
    • To opt out: “Unbind the card” in this section — the co-payment is suspended and the programme's clinics are unavailable until a new card is bound.
franchise-agree = ✅ I agree to the co-payment terms
franchise-consented-no-card = ✅ The co-payment terms are accepted.
    Now bind a card — on the payment provider's page.
franchise-started = ✅ The co-payment terms are accepted.
    Card •••• { $last4 } is already bound.
    Clinics become available { $clinics }.
    The co-payment becomes active { $active }.
franchise-bind-link = Open the secure page and enter your card details there. The link works once, for { $ttl }. Never send card details in the chat.
franchise-bind-opening = The page for your card is being opened: its link arrives here in a few seconds. If it does not, press “Bind a card” again in a couple of minutes.
franchise-bind-again = The page for your card is already open — here is its link again. It works until { $until }.
franchise-open-page = 💳 Open the binding page
franchise-card-bound = ✅ Card •••• { $last4 } is bound.
franchise-notice-clinics = 🏥 The programme's clinics are now available under policy { $policy }.
    For the first { $days } working days a clinic may not know of your co-payment yet.
    If in doubt, call the 24/7 line { $hotline }.
franchise-notice-active = ✅ The co-payment under policy { $policy } is active.
    { $percent }% of the cost of services will be charged to the bound card automatically.
    The receipt arrives here.
franchise-ask-pin = To unbind the card, enter your PIN. I will delete the message with it at once.
franchise-replace-ask-pin = ⚠️ A new card will replace the bound card •••• { $last4 }. To go on, enter your PIN. I will delete the message with it at once.
franchise-replace-warning = ⚠️ A new card will replace the bound card •••• { $last4 }: as soon as the new one is bound, card •••• { $last4 } is unbound. If you do not want to replace it, just do not open the link.
franchise-unbind-confirm = Unbind card •••• { $last4 }?
    { $policies ->
        [none] No policy has an active co-payment.
       *[other] The co-payment under policies { $policies } will be suspended.
        The programme's clinics will be unavailable until you bind a new card.
    }
franchise-unbind-yes = ✂️ Yes, unbind
franchise-unbind-no = Keep the card
franchise-unbound = { $policies ->
    [none] The card is unbound.
   *[other] The card is unbound.
        The co-payment is suspended under policies: { $policies }.
}
franchise-unbind-kept = The card stays bound.
franchise-no-card-to-unbind = No card is bound.
franchise-policy-gone = This policy is no longer available for a co-payment.

## Booking and the co-payment
booking-needs-franchise = Policy { $policy } has a co-payment. To book a clinic, { $missing ->
        [terms] accept its terms: your card is already bound.
        [card] bind a card: you have already accepted the terms.
       *[terms-and-card] accept its terms and bind a card.
    }
    This is done in “💳 Co-payment and card”. The clinics open { $delay } after the card is bound.
booking-open-franchise = { menu-franchise }
booking-franchise-wait = Clinics under policy { $policy } become available { $until } — they need a little time after a card is bound. Please book after that.

## The card binding page (sandbox)
pay-title = Card binding
pay-test-mode = TEST MODE — real cards are not accepted
pay-heading-form = Bind a card for co-payments
pay-heading-challenge = Payment system confirmation
pay-heading-done = Done
pay-heading-gone = This link is not valid
pay-intro = Enter your card details. The bot never sees them: it only receives the last 4 digits and the expiry.
pay-number = Card number
pay-expiry = Expiry
pay-expiry-placeholder = MM/YY
pay-bind = Bind the card
pay-test-cards = Test cards (any future expiry, any 3-digit CVC):
pay-card-ok = binds
pay-card-declined = declined by the bank
pay-card-charges-decline = binds, but charges are declined
pay-card-challenge = needs a second step
pay-challenge = The bank asks to confirm binding card •••• { $last4 }. In test mode, pressing “Confirm” is enough.
pay-confirm = Confirm
pay-cancel = Cancel
pay-challenge-cancelled = The confirmation was cancelled. You can enter the card again.
pay-bound = Card •••• { $last4 } is bound. Go back to Telegram — the bot has written to you.
pay-back-to-telegram = You can close this page.
pay-declined = The bank declined the card. Try another card.
pay-link-gone = This link has expired or was used already. Go back to Telegram and get a new one in “Co-payment and card”.
pay-error-number = Check the card number: 13–19 digits, no typos.
pay-error-expiry = Enter the expiry as MM/YY — this month or later.
pay-error-cvc = The CVC is the 3 digits on the back of the card.
pay-error-unknown = In test mode only the test cards listed below are accepted.

## Co-payments: charges and “My bills”
menu-bills = 🧾 My bills
help-section-bills = • My bills — co-payment charges: statuses, monthly totals, paying a declined one
bill-status = { $kind ->
    [refund] { $status ->
        [paid] refunded
       *[other] refund pending
    }
   *[charge] { $status ->
        [paid] paid
        [pending] pending
        [charging] being charged
        [declined] declined
        [awaiting] awaiting payment
       *[other] cancelled
    }
}
# bill-paid, bill-refunded, bill-declined are composed before it is known who reads them: $amount and $cost are kopecks, which MONEY writes in the reader's language.
bill-paid = 🧾 Charged { MONEY($amount) } to card •••• { $last4 }: { $percent }% of { MONEY($cost) } for “{ $service }” on { $date }, { $clinic }.
bill-refunded = ↩️ Refunded { MONEY($amount) } to card •••• { $last4 }: the cost of “{ $service }” on { $date } was corrected — your share is now { $percent }% of { MONEY($cost) }.
bill-declined = ⚠️ Could not charge { MONEY($amount) } ({ $percent }% of { MONEY($cost) } for “{ $service }” on { $date }, { $clinic }): the bank declined the payment. { $status ->
    [awaiting] There will be no more automatic tries — pay with the button below or bind another card.
   *[other] Check that the card has enough funds, or bind another in “💳 Co-payment and card”. Next try: { $retry }.
}
bill-pay-now = 💳 Pay now
bill-open-franchise = 💳 Co-payment and card
bills-none = No co-payment charges yet.
bills-list = <b>My bills</b> — { $count }, page { $page } of { $pages }
    Paid per month:
    { $months }

    { $lines }
bills-no-months = nothing yet
bills-month = • { $month }: { $amount }
bills-line = • { $date } “{ $service }” — { $kind ->
    [refund] refund { $amount }
   *[charge] { $amount }
}: { bill-status }
bills-pay = 💳 Pay { $amount }
bills-prev = ◀️ Back
bills-next = More ▶️
bills-not-yours = This bill is not available.
bills-nothing-to-pay = This bill is not awaiting payment any more.
bills-paid-now = Paid. The receipt comes as a message.
bills-still-declined = The bank declined the payment again. Bind another card in “💳 Co-payment and card” and try again.
franchise-card-declined = ❌ The card was not bound: the bank or the payment system declined. Try again or use another card — “💳 Co-payment and card” → “Bind a card”.
franchise-provider-down = The payment system is not answering right now. Please try to bind the card in a few minutes.
pay-heading-wait = Checking the binding
pay-waiting = The payment system is still confirming the binding. Go back to Telegram — the bot will write as soon as it is done.
pay-not-bound = The card was not bound. Go back to Telegram and try again under “Co-payment and card”.
pay-bound-back = The card is bound. Go back to Telegram — the bot has written to you.
bills-not-applicable =
    “🧾 My bills” is for co-payment charges, and you have no health (DMS) policy with a co-payment.
    The section appears in the menu once such a policy is in “📄 My policies”.
franchise-not-applicable =
    “💳 Co-payment and card” is for health (DMS) policies with a co-payment, and you have none: no card is needed.
    The section appears in the menu once such a policy is in “📄 My policies”.
