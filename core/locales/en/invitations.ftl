## Invitations
invite-mail-subject = { $insurer }: your DMS policy is now in Telegram
invite-mail-text = Hello, { $name }!

    Your employer has connected you to the DMS assistant: your policy, clinics, doctor's appointments and reminders in Telegram.
    Open your personal link to sign up and see your policy right away:
    { $link }

    The link works once, for 30 days. Do not forward it.

    { $insurer }
invite-mail-html = <p>Hello, { $name }!</p><p>Your employer has connected you to the DMS assistant: your policy, clinics, doctor's appointments and reminders in Telegram.</p><p><a href="{ $link }">Open your personal link</a> to sign up and see your policy right away.</p><p>The link works once, for 30 days. Do not forward it.</p><p>{ $insurer }</p>
invite-welcome = Hello! Your employer has invited you: after sign-up your policy will appear in your account by itself.
invite-invalid-unknown = This invitation link is not valid. You can sign up anyway and add your policy by its number.
invite-invalid-used = This invitation link has already been used. You can sign up anyway and add your policy by its number.
invite-invalid-expired = This invitation link has expired. You can sign up anyway and add your policy by its number.
