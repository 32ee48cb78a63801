## “Reimbursement”: care a person paid for themselves, claimed back
menu-claims = 💸 Reimbursement
help-section-claims = • Reimbursement — get back what you paid yourself for care under your health (DMS) or travel (VZR) policy
claims-title = reimbursement claim
claims-section = <b>Reimbursement</b>
    Paid for care yourself? Send the receipts and medical documents: the insurer reviews the claim and pays the money into your account.
    A claim is made under a policy in force or ended no more than 90 days ago, for care received within the policy's term and no more than 90 days ago.
claims-new = ➕ New claim
claims-mine = 📂 My claims
claims-not-applicable = A reimbursement claim is made under a policy in force or ended no more than 90 days ago. You have no such policy now: link it in “{ menu-policies }”.
claims-no-policy = There is no policy to claim under: it must be in force or have ended no more than 90 days ago. Link a policy in “{ menu-policies }”.
claims-limit = You already have { $max } { $max ->
        [one] claim
       *[other] claims
    } under review. A new one can be made once one of them is decided.
claims-not-claimable = The claim was not sent: the policy is no longer yours, or it no longer allows a claim for that date. Check your policies in “{ menu-policies }”.

## The claim's steps
claims-ask-policy = Which policy is the claim under? Choose it or type its number.
claims-policy-button = { $number } · { $kind ->
        [VZR] travel
       *[DMS] health
    }
claims-policy-chosen = Policy: <b>{ $number }</b>
claims-policy-expected = That is not one of the policies you can claim under.
claims-ask-date = When did you receive the care? Type a date from { $first } to { $last }, for example { $last }.
claims-today = Today
claims-yesterday = Yesterday
claims-date-expected = That does not look like a date. Type, for example, 14.11.2026 or “14 November 2026”.
claims-date-no-such-day = There is no such day in the calendar: check the day and the month.
claims-date-future = That date has not come yet.
claims-date-outside = The policy was not in force on that day.
claims-date-old = More than 90 days have passed: that care can no longer be claimed.
claims-ask-care = What kind of care was it? Choose or type: doctor's visit, tests, medicines…
claims-care-doctor = Doctor's visit
claims-care-tests = Tests and diagnostics
claims-care-medicines = Medicines
claims-care-hospital = Hospital
claims-care-dental = Dental care
claims-care-emergency = Emergency / urgent care
claims-care-other = Other
claims-ask-amount = { $kind ->
        [VZR] How much did you pay? Type the amount with its currency, for example “120.50 EUR”, “120,50 €” or “80 USD”.
       *[DMS] How much did you pay? Type the amount in roubles, for example “12 500” or “12 500.50”.
    }
claims-amount-unreadable = I could not read the amount. { $kind ->
        [VZR] Type, for example, “120.50 EUR” or “120,50 €”.
       *[DMS] Type, for example, “12 500” or “12 500.50”.
    }
claims-currency-unknown = I do not know that currency. Type its three-letter code, for example “120 EUR”, “80 USD”, “3000 TRY”.
claims-currency-roubles-only = A health (DMS) policy reimburses in roubles only. Type the amount in roubles, for example “12 500”.
claims-currency-needed = Name the currency, for example “120.50 EUR”, “120 €” or “80 USD”.
claims-currency-other = The amount must be in the claim's currency.
claims-amount-fraction = Too many digits after the decimal point for that currency.
claims-amount-zero = The amount must be more than zero.
claims-amount-too-big = That amount is too large: one claim may be for at most { MONEY($max, $currency) }. Check for extra zeros.
claims-ask-photos = Send photos of the receipts and medical documents (a discharge summary, a prescription): from 1 to { $max }. An album is fine.
claims-photo-added = Photo { $count } of { $max } added. Send more, or press “Done”.
claims-done = ✅ Done
claims-photo-bad-file = A photo or an image (JPEG, PNG) of up to 10 MB is needed.
claims-photo-too-many = No more than { $max } photos can be attached.
claims-photos-first = First send at least one photo of a receipt or a document.
claims-photos-expected = Send photos of the receipts and documents (up to { $max }), or press “Done” when that is all.
claims-ask-bic = Where should the money go? Type the bank's BIC: 9 digits starting with 04. Your bank's app shows it in the account details.
claims-bic-digits = A BIC is 9 digits, for example 044525225.
claims-bic-format = A Russian bank's BIC starts with 04. Check it in the account details.
claims-ask-account = The recipient's account number at the bank with BIC { $bic }: 20 digits (not a card number).
claims-account-digits = An account number is 20 digits, for example 40817 810 0 9999 1234567. A card number will not do.
claims-account-key = The account number does not match BIC { $bic }: the account's check digit (its 9th) is wrong for that bank. Check the account number, or press “Change the BIC” if the BIC is wrong.
claims-ask-name = The recipient's full name, as the account holder's at the bank.
claims-name-long = That is too long: type only the surname, the first name and the patronymic.
claims-name-words = Type the surname and the first name (and the patronymic, if any) in letters, for example “Petrova Anna Sergeevna”.
claims-summary = <b>Check the claim</b>
    Policy: { $policy }
    Date of care: { $date }
    Care: { $care }
    Amount: { MONEY($amount, $currency) }
    Photos: { $photos }
    Account: { $account }
    BIC: { $bic }
    Recipient: { $recipient }

    All correct? Press “Send” or type “yes”.
claims-send = 📨 Send
claims-cancel = ❌ Cancel
claims-summary-expected = Press “Send” (or type “yes”), or “Cancel”.
claims-sent = ✅ Claim <b>{ $number }</b> sent. We will review it and tell you the decision here.
claims-sent-desk-off = ✅ Claim <b>{ $number }</b> accepted. The operators will review it as soon as they start work, and we will tell you the decision here.
claims-cancelled = The claim was cancelled; nothing was sent.
claims-date-lapsed = The claim was not sent: a new day has begun while it waited, and the date of care no longer fits. Everything else is kept: give the date again and the claim will be ready to send.
claims-edit-bank = ✏️ Bank details
claims-ask-bank-field = What would you like to change in the bank details?
    Account: { $account }
    BIC: { $bic }
    Recipient: { $recipient }
claims-edit-bic = BIC
claims-edit-account = Account number
claims-edit-name = Recipient
claims-back = ↩️ Back to the claim
claims-bank-field-expected = Choose what to change: the BIC, the account number or the recipient, or “Back to the claim”.
claims-change-bic = ✏️ Change the BIC
claims-account-other-bank = Account { $account } does not fit BIC { $bic }: its check digit (the 9th) is wrong for that bank. Type the account number at that bank, or press “Change the BIC”.

## “My claims”
claims-none = No reimbursement claims yet.
claims-list = <b>My claims</b> ({ $count } in all)

    { $lines }
claims-status = { $status ->
        [review] ⏳ under review
        [need_document] 📎 a document is needed
        [approved] ✅ approved
        [rejected] ❌ rejected
       *[withdrawn] ↩️ withdrawn
    }
claims-line = <b>{ $number }</b> · { $date } · { $care }
    Policy { $policy }, claimed { MONEY($amount, $currency) }
    { claims-status }{ $status ->
        [approved] : { MONEY($approved, $currency) }
        [rejected] : { $reason }
        [need_document] : { $request }
       *[other] {""}
    }
claims-send-document-for = 📎 Send a document — { $number }
claims-prev = ◀️ Back
claims-next = Next ▶️
claims-not-yours = That claim is not one of yours.
claims-no-document-awaited = No document is needed for claim { $number } now.
claims-ask-answer = For claim <b>{ $number }</b> we need: { $request }
    Send photos (up to { $max }) and/or type a text, then press “Send”.
claims-answer-so-far = Added to your answer on { $number }: photos: { $photos }{ $text ->
        [yes] , with a text
       *[no] {""}
    }. Send more or press “Send”.
claims-answer-send = 📨 Send
claims-answer-expected = Send a photo of the document (up to { $max }) or type a text.
claims-answer-long = That is too long: { $length } characters of { $max }.
claims-answer-sent = ✅ Sent. Claim <b>{ $number }</b> is under review again.

## Notifications
claim-approved = ✅ Claim <b>{ $number }</b> is approved. To be paid: <b>{ MONEY($amount, $currency) }</b>, into the account you gave.
claim-rejected = ❌ Claim <b>{ $number }</b> is rejected.
    Reason: { $reason }
claim-document-needed = 📎 Claim <b>{ $number }</b> needs a document:
    { $text }
claims-send-document = 📎 Send a document
claim-withdrawn = ↩️ Claim <b>{ $number }</b> is withdrawn: policy { $policy } is no longer yours.

## Claims on the operators' desk
desk-claim = 💸 <b>Reimbursement { $number }</b>
    Who: { $name }{ $relation ->
        [spouse] {" "}{ desk-claim-member }
        [child] {" "}{ desk-claim-member }
        [parent] {" "}{ desk-claim-member }
       *[self] {""}
    }
    Contact: { $email }, { $phone } (more: <code>/find #{ NUMBER($profile, useGrouping: 0) }</code>)
    Policy: { $policy } ({ $kind ->
        [VZR] travel
       *[DMS] health
    })
    Date of care: { $date }
    Care: { $care ->
        [doctor] doctor's visit
        [tests] tests and diagnostics
        [medicines] medicines
        [hospital] hospital
        [dental] dental care
        [emergency] emergency / urgent care
       *[other] other
    }
    Claimed: { MONEY($amount, $currency) }
    Account: { $account }, BIC { $bic }
    Recipient: { $recipient }
    Photos: { $photos } (above)
# A family member's claim: who they are to the account, and whose the account is.
desk-claim-member = ({ family-relation }, { $birth_date }; account: { $holder })
desk-kind-claim = reimbursement claim
desk-claim-approve = ✅ Approve
desk-claim-ask = 📎 Ask for a document
desk-claim-reject = ❌ Reject
desk-claim-removed = Claim { $number }: decided, its data removed.
desk-claim-answer = 📎 { $number }: the person sent documents (photos: { $photos }).
    { $text }
desk-claim-unknown = There is no such claim.
desk-claim-decided = This claim is already decided.
desk-claim-ask-amount = How much to pay on { $number }? Claimed: { MONEY($amount, $currency) }. Type the amount as a reply to this message.
desk-claim-ask-request = Which document is needed for { $number }? Type it as a reply to this message (up to { $max } characters): the person will get it.
desk-claim-ask-reason = The reason to reject { $number }? Type it as a reply to this message (up to { $max } characters): the person will get it.
desk-claim-amount-expected = An amount in { $currency } is needed, for example “12 000” or “11 500.50”.
desk-claim-amount-over = No more than was claimed can be paid: { MONEY($amount, $currency) } was claimed.
desk-claim-text-expected = A text is needed (up to { $max } characters).
desk-claim-text-long = That is too long: { $length } characters of { $max }.
desk-claim-approved = ✅ { $number } approved: { MONEY($amount, $currency) } ({ $operator })
desk-claim-requested = 📎 A document asked for on { $number } ({ $operator })
desk-claim-rejected = ❌ { $number } rejected ({ $operator })
    Reason: { $reason }

## The data export
profile-erase-claims = Reimbursement claims not decided yet will be deleted, and nothing will be paid on them: { $numbers }
data-section-claims = Reimbursement claims
data-label-claim = Claim
data-label-care-date = Date of care
data-label-care = Care
data-label-approved = Approved to pay
data-label-request = Document asked for
data-label-account = Account
data-label-bic = BIC
data-label-recipient = Recipient
data-label-filed-at = Filed
data-claim-status = { $value ->
        [review] under review
        [need_document] a document is needed
        [approved] approved
        [rejected] rejected
        [withdrawn] withdrawn
       *[other] { $value }
    }
