#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) for the tests that refuses some recipients:
   *refuse*@ -> 550 (permanent), *later*@ -> 451 (temporary); the others are written to MAILDIR.
   usage: smtp-picky.py PORT MAILDIR"""
import asyncio, mailbox, sys
from aiosmtpd.controller import Controller

class Picky:
    def __init__(self, path):
        self.box = mailbox.Maildir(path, create=True)
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if 'refuse' in address:
            return '550 5.1.1 No such user here'
        if 'later' in address:
            return '451 4.3.0 Try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'
    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content)
        return '250 Message accepted for delivery'

controller = Controller(Picky(sys.argv[2]), hostname='127.0.0.1', port=int(sys.argv[1]))
controller.start()
try:
    asyncio.get_event_loop().run_forever()
except KeyboardInterrupt:
    pass
