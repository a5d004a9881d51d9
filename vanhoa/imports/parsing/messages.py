"""Every message parsing gives users (Vietnamese), and its few limits."""

from __future__ import annotations

# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

MSG_EMPTY = "Tệp rỗng: không có dữ liệu để nhập."
MSG_NOT_EXCEL = (
    "Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc LibreOffice (.ods){hint}. "
    "Hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx và tải lên lại."
)
MSG_PASSWORD = (
    "Tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu "
    "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu), lưu lại rồi tải lên lại."
)
MSG_UNREADABLE = (
    "Không đọc được tệp «{name}»: tệp bị hỏng hoặc không đầy đủ. "
    "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại."
)
MSG_INTERNAL = "Có lỗi không mong muốn khi đọc tệp. Hãy kiểm tra lại tệp hoặc báo cho quản trị viên."
MSG_NO_SHEETS = "Tệp không có dữ liệu: các trang tính đều trống."
MSG_SHEET_NOT_FOUND = "Không tìm thấy trang tính «{sheet}». Các trang có trong tệp: {names}."
MSG_NO_HEADER = (
    "Không tìm thấy dòng tiêu đề của danh sách hộ{where}: cần có cột «Họ và tên chủ hộ» "
    "và ít nhất một cột khác như «Tổ dân phố», «Địa chỉ», «Số nhân khẩu», «Mã hộ»."
)

MSG_MISSING_NAME = "Thiếu họ tên chủ hộ"
MSG_BAD_NAME = "Họ tên chủ hộ không hợp lệ «{v}»"
MSG_LONG_NAME = "Họ tên chủ hộ quá dài ({n} ký tự) «{v}…»"
MSG_CELL_ERROR = "Ô bị lỗi công thức «{v}»"
MSG_GROUP_UNKNOWN = "Không tìm thấy {word} «{v}»"
MSG_GROUP_AMBIGUOUS = "Không xác định được {word} «{v}»: có thể là {names}"
MSG_GROUP_FROM_SECTION = " (ghi ở dòng {row})"
MSG_COUNT = "Số nhân khẩu phải là số nguyên dương (đang ghi «{v}»)"
MSG_PHONE = "Số điện thoại «{v}» không hợp lệ (cần 10 chữ số, bắt đầu bằng 0, ví dụ 0912345678)"
MSG_PHONE_MANY = "Ô có nhiều số điện thoại «{v}»: chỉ ghi một số cho mỗi hộ"
MSG_DATE = "Ngày không hợp lệ «{v}» (cần dạng ngày/tháng/năm, ví dụ 15/03/2020)"
MSG_DATE_FUTURE = "Ngày «{v}» nằm trong tương lai"
MSG_DUP_CODE = "Mã hộ «{v}» bị trùng với dòng {row}"
MSG_CODE_LONG = "Mã hộ «{v}» dài quá {max} ký tự"

SKIP_BLANK = "Dòng trống"
SKIP_TOTAL = "Dòng cộng/tổng «{v}»"
SKIP_NUMBERS = "Dòng chỉ có số liệu, không có họ tên (dòng tổng)"
SKIP_STT_ONLY = "Dòng chỉ có số thứ tự, chưa có dữ liệu"
SKIP_REPEATED_HEADER = "Dòng tiêu đề lặp lại"
SKIP_COLUMN_NUMBERS = "Dòng đánh số thứ tự cột"
SKIP_SECTION = "Dòng tiêu đề nhóm «{v}»"
SKIP_FOOTER = "Phần ghi chú/ký tên cuối bảng «{v}»"
SKIP_AFTER_FOOTER = "Nằm sau phần ký tên cuối bảng"

HEADER_SCAN_ROWS = 40
EXCEL_ERRORS = frozenset(("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"))
