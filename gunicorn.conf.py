"""gunicorn settings, read by itself from the working folder (`make serve`, production).

The access log leaves out query strings and the Referer: a search or trial-finder URL can
name someone's diagnosis ("/search/?q=stage+4+lymphoma"), and the Referer of the next
page carries the same text.
"""

# Client, time, "METHOD /path HTTP/1.1", status, bytes, seconds taken, user agent.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s "%(a)s"'
