"""The second sign-in step: an authenticator app (TOTP) and single-use recovery codes (django-otp)."""
