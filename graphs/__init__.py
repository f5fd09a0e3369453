"""A LangGraph memory agent on langmem-local, laid out like LangGraph's memory-agent template.

``graphs.graph.build_graph`` builds it from your objects; ``graphs.graph:graph``
is the ready-made one that ``langgraph.json`` points LangGraph Studio at.
"""
