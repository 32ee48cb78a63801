## Sign-up
menu-signup = 📝 Sign up
help-section-signup = • Sign up — about a minute: consents, e-mail, phone, name and ID document
cmd-signup = Sign up for the personal account
signup-title = sign-up

signup-terms = <b>Sign-up.</b> First, please accept the user agreement (version { $version }).
signup-read-terms = 📄 Read the agreement
signup-accept-terms = ✅ I accept the agreement
signup-personal-data = Separately, we need your consent to the processing of personal data under Federal Law 152-FZ (version { $version }).
signup-read-personal-data = 📄 Read the consent
signup-accept-personal-data = ✅ I give my consent
signup-need-consent = Sign-up is not possible without this consent. Read the text and press the ✅ button under it, or /cancel to leave.

signup-ask-email = Your e-mail address: a confirmation code will be sent to it.
signup-bad-email = That does not look like an e-mail address. Type the whole address, e.g. anna@example.com
signup-email-sent = I sent a code to { $address }. Type the 6 digits from the e-mail; the code is valid for { $minutes } min.
signup-sms-sent = I sent an SMS with a code to { $address }. Type the 6 digits from the SMS; the code is valid for { $minutes } min.
signup-resend = 🔁 Send the code again
signup-other-email = ✏️ Another address
signup-other-phone = ✏️ Another number
signup-code-format = The code is 6 digits. Type them in one message.
signup-code-wrong = Wrong code, { $left ->
        [one] { $left } try left
       *[other] { $left } tries left
    }.
signup-code-locked = This code no longer works: too many wrong tries. Press "Send the code again".
signup-code-expired = The code has expired. Press "Send the code again".
signup-code-missing = No code has been sent yet. Press "Send the code again".
signup-resend-wait = You can send the code again in { $seconds } s.
signup-too-many = Too many codes in the last hour. Please try again in { $minutes } min.
signup-sms-paused = Codes by SMS are paused for a while — for everyone, it is not about you. Please try again in { $minutes } min. If it is urgent, call the hotline: { $phone }.
signup-mail-failed = I could not send the e-mail: the mail server seems to be unavailable. What you entered is saved: press "Send the code again" a little later.
signup-sms-failed = I could not send the SMS. What you entered is saved: press "Send the code again" a little later or enter another number.
signup-email-confirmed = ✅ E-mail { $address } confirmed.
signup-phone-confirmed = ✅ Phone { $address } confirmed.

signup-mail-subject = Your confirmation code for the DMS assistant
signup-mail-text = Hello!

    Your confirmation code: { $code }
    It is valid for { $minutes } min. Type it in the chat with the bot.

    If you did not sign up for the DMS assistant, just delete this e-mail. Never share the code.

    { $insurer }
signup-mail-html = <p>Hello!</p><p>Your confirmation code: <b style="font-size:1.4em;letter-spacing:0.15em">{ $code }</b><br>It is valid for { $minutes } min. Type it in the chat with the bot.</p><p>If you did not sign up for the DMS assistant, just delete this e-mail. Never share the code.</p><p>{ $insurer }</p>
signup-sms-text = DMS assistant: code { $code }. Never share it.

signup-ask-phone = Your phone number: press "📱 Share my number" below, or type the number and you will get an SMS with a code.
signup-share-phone = 📱 Share my number
signup-contact-foreign = That is someone else's contact: only your own number can be shared this way. Press "📱 Share my number" or type your number.
signup-bad-phone = I could not read the number. Type it with the country code, e.g. +7 999 123-45-67.

signup-ask-last-name = Last name, as in your ID document.
signup-ask-first-name = First name.
signup-ask-middle-name = Middle name (patronymic). If you have none, press "No middle name".
signup-no-middle-name = No middle name
signup-bad-name = Only letters here (a hyphen, apostrophe or space is fine), up to 60 characters.

signup-ask-birth-date = Date of birth, e.g. 07.03.1990, 7 March 1990 or 1990-03-07.
signup-bad-birth-format = Could not read the date. Please type it like 07.03.1990, 7 March 1990 or 1990-03-07.
signup-bad-birth-not-real = There is no such date in the calendar. Check the day and month.
signup-bad-birth-future = A date of birth cannot be in the future.
signup-bad-birth-too-young = You can sign up from the age of 18.
signup-bad-birth-too-old = Please check the year: that makes more than 120 years.

signup-ask-sex = Sex.
signup-sex-m = Male
signup-sex-f = Female
signup-bad-sex = Choose "Male" or "Female".

signup-ask-document-type = Your identity document.
signup-doc-rf-passport = Russian passport
signup-doc-rf-international = Russian international passport
signup-doc-foreign = Foreign passport
signup-bad-document-type = Choose the document with a button below.
signup-ask-document-rf-passport = Passport series and number: 4 digits of series and 6 of number, e.g. 45 10 123456.
signup-ask-document-rf-international = International passport series and number: 2 digits of series and 7 of number, e.g. 75 1234567.
signup-ask-document-foreign = Passport number: 1 to 20 letters and digits, as in the document.
signup-bad-document-rf-passport = 10 digits are needed: 4 of series and 6 of number, e.g. 45 10 123456.
signup-bad-document-rf-international = 9 digits are needed: 2 of series and 7 of number, e.g. 75 1234567.
signup-bad-document-foreign = 1 to 20 letters and digits are needed, with no other characters.

signup-summary = Please check your details:

    <b>E-mail:</b> { $email }
    <b>Phone:</b> { $phone }
    <b>Last name:</b> { $last_name }
    <b>First name:</b> { $first_name }
    <b>Middle name:</b> { $middle_name }
    <b>Date of birth:</b> { $birth_date }
    <b>Sex:</b> { $sex }
    <b>Document:</b> { $document_type }, { $document }
signup-no-middle-name-shown = none
signup-all-correct = ✅ All correct
signup-fix-email = ✏️ E-mail
signup-fix-phone = ✏️ Phone
signup-fix-last-name = ✏️ Last name
signup-fix-first-name = ✏️ First name
signup-fix-middle-name = ✏️ Middle name
signup-fix-birth-date = ✏️ Date of birth
signup-fix-sex = ✏️ Sex
signup-fix-document = ✏️ Document
signup-summary-hint = Press "All correct", or the button of the field to fix.

signup-ask-pin = Optional: choose a PIN of 4–6 digits. It protects your account if your phone falls into other hands. I delete the message with the PIN from the chat at once.
signup-skip-pin = Skip
signup-bad-pin = A PIN is 4 to 6 digits. Or press "Skip".
signup-repeat-pin = Repeat the PIN.
signup-pin-mismatch = The PINs did not match. Choose a PIN again.
signup-done = 🎉 Done, { $name }! You are signed up.
    { $linked ->
        [true] The account's sections are in the menu below.
       *[false] Now link your policy: “{ menu-policies }” → “{ policies-add }”; you will need its number.
    }
signup-already = You are already signed up.
signup-account-exists = This e-mail or phone has just been linked to another account. Fix the e-mail or phone, or call the hotline: { $phone }.
signup-needed = This section opens after sign-up, which takes about a minute.
signup-continue = ▶️ Continue sign-up
signup-start = 📝 Sign up
