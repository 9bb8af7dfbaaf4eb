"""The webinar companion: reminders before the day, the stream beside the live
activities, mail to groups, and the thank-you mail after the day."""
