"""The app's dialogs, one module each: each collects input and returns a typed value.

``base`` holds the frame they share and the conventions they keep. Import a dialog from its
own module (the screens do so inside the function that opens it): a module for each keeps the
main screen's first frame from paying for the widgets only dialogs use.
"""
