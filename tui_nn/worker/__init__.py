"""The child processes the app trains in, headless: the run's loop and its client (``loop``,
``client``) and the alpha sweep's (``sweep``). Above ``io``: the loop saves sessions."""
