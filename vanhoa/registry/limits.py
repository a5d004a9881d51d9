"""The one source of a household's limits. The model's fields are declared with them, and forms, the API, the
services and the importer read them from here (the importer's parser runs in a child process without Django,
so the limits are plain numbers, not read from the model at run time)."""

CODE = 32  # Mã hộ
HEAD_NAME = 120  # Họ và tên chủ hộ
ADDRESS = 255  # Địa chỉ
STATUS_NOTE = 255  # Lý do (of a status change)
PHONE = 11  # digits, 0 and 9–10 more
MAX_MEMBERS = 50  # more is a typing slip, not a household
