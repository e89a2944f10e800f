#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) under TLS with authentication, for the tests.
   usage: smtp-tls.py PORT MAILDIR CERT KEY starttls|implicit USER PASSWORD
   starttls: STARTTLS required before anything else; implicit: TLS from the first byte (SMTPS).
   AUTH LOGIN/PLAIN with USER and PASSWORD is required before MAIL."""
import asyncio, mailbox, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, path, cert, key, mode, user, password = sys.argv[1:8]

class Box:
    def __init__(self, path):
        self.box = mailbox.Maildir(path, create=True)
    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content)
        return '250 Message accepted for delivery'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
common = dict(authenticator=authenticator, auth_required=True)
if mode == 'implicit':
    common['auth_require_tls'] = False  # the whole connection is TLS; aiosmtpd only knows of STARTTLS
if mode == 'implicit':
    controller = Controller(Box(path), hostname='127.0.0.1', port=int(port), ssl_context=context, **common)
else:
    controller = Controller(Box(path), hostname='127.0.0.1', port=int(port), tls_context=context, require_starttls=True, **common)
controller.start()
try:
    asyncio.get_event_loop().run_forever()
except KeyboardInterrupt:
    pass
