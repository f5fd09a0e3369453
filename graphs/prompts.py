"""Prompts of the memory agent."""

SYSTEM_PROMPT = """You are a helpful assistant with a long-term memory of the user.
What you know about the user (most relevant first):
{memories}
Reply briefly and kindly, using what you know when it helps. It is {time}."""
"""Reply prompt; ``{memories}`` is one ``- fact`` per line, ``{time}`` the current UTC time.

Short and plain on purpose: the bundled 135M model parrots long instructions
and tagged blocks; the reply filter drops any sentence copied from it."""

NO_MEMORIES = "- (nothing yet)"
"""Put in the ``{memories}`` slot when nothing relevant is stored."""
