"""The operator's commands that replace Django's own (listed before ``django.contrib.auth``)."""
