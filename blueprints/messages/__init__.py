"""Messages to applicants (SMS, WhatsApp, email) through a transactional outbox, delivered by a
worker on a real job queue (Huey). The room:

- models.py    the outbox row (Message) and the record of periodic runs (JobRun)
- texts.py     the templates in content/messages.yml, checked and rendered (pure)
- outbox.py    writing a message with the event that causes it; claiming, delivering, retrying
- channels.py  email over SMTP, SMS/WhatsApp over an HTTP provider, files under instance/outbox/
- queue.py     the Huey instance, its tasks and its periodic jobs (`make worker` runs them)
"""
