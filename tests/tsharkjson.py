"""tsharkjson - what the tshark-based checks share: reading `tshark -T json`.

Used by tests/tshark_check.py (our emitters) and tests/netns/pcap_check.py
(captures of `icmpkit host`).
"""

# _ws.expert.severity values (epan/proto.h PI_WARN, PI_ERROR)
SEV_WARN = 0x00600000
SEV_ERROR = 0x00800000


def walk(node, out):
    """Append every (field, string value) pair under @node to @out, in
    document order (repeated fields appear once per value)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                out.append((k, v))
            elif isinstance(v, list):
                for e in v:
                    if isinstance(e, str):
                        out.append((k, e))
                    else:
                        walk(e, out)
            else:
                walk(v, out)
    elif isinstance(node, list):
        for e in node:
            walk(e, out)
