"""Writes. submission is the one workflow of reports sent up; reports and commune_reports
plug into it; reminders and documents run in the background (their Celery tasks beside them)."""
