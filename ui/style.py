"""One stylesheet for the whole window: calm colours, large targets, visible keyboard focus."""

PRIMARY = "#1f5fa8"
PRIMARY_DARK = "#174a84"
DONE = "#2e7d32"
MUTED = "#5f6b7a"
DANGER = "#b3261e"

STYLESHEET = f"""
QMainWindow, QWidget#page {{ background: #f6f8fb; }}
QWidget#footer {{ background: #f6f8fb; border-top: 1px solid #e1e7ef; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: #1b2a3a; }}
QLabel#pageLead {{ font-size: 11pt; color: #33414f; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#summaryValue {{ font-size: 11pt; font-weight: 600; color: #1b2a3a; }}
QLabel#planLine {{ font-size: 11pt; color: #174a84; padding-top: 4px; }}
QLabel#legend {{ color: #33414f; }}
QLabel#cardTitle {{ font-size: 11.5pt; font-weight: 600; color: #1b2a3a; }}
QFrame#card {{ background: white; border: 1px solid #d7dee8; border-radius: 8px; }}
QFrame#stepNav {{ background: white; border-bottom: 1px solid #d7dee8; }}
QFrame#sectionBar {{ background: #17324f; }}
QPushButton#unsentNote {{
    border: 1px solid #f0b44c; border-radius: 6px; padding: 5px 12px; background: #fff4e0; color: #5a3b00;
    font-weight: 600;
}}
QPushButton#unsentNote:focus {{ border: 2px solid #8fbff5; }}
QLabel#brand {{ color: white; font-size: 11pt; font-weight: 600; }}
QPushButton#section, QPushButton#sectionTool {{
    border: none; border-radius: 6px; padding: 7px 14px; font-size: 10.5pt; font-weight: 600; color: #d6e2ef;
    background: transparent;
}}
QPushButton#section:hover, QPushButton#sectionTool:hover {{ background: #24466b; color: white; }}
QPushButton#section:checked {{ background: white; color: #17324f; }}
QPushButton#section:disabled, QPushButton#sectionTool:disabled {{ color: #6f849b; }}
QPushButton#section:focus, QPushButton#sectionTool:focus {{ outline: none; border: 2px solid #8fbff5; }}
QPushButton#step {{
    border: none; border-radius: 6px; padding: 8px 12px; font-size: 10.5pt; text-align: left;
    color: #8a96a3; background: transparent;
}}
QPushButton#step[state="current"] {{ color: {PRIMARY}; background: #e6eef8; font-weight: 600; }}
QPushButton#step[state="done"] {{ color: {DONE}; font-weight: 600; }}
QPushButton#step[state="done"]:hover {{ background: #e8f3ea; }}
QPushButton#step[viewing="true"] {{ color: white; background: {PRIMARY}; font-weight: 600; }}
QPushButton#step:focus {{ outline: none; border: 2px solid {PRIMARY_DARK}; }}
QFrame#dropZone {{
    background: white; border: 2px dashed #9fb3c8; border-radius: 12px;
}}
QFrame#dropZone[hover="true"] {{ background: #eaf2fc; border-color: {PRIMARY}; }}
QLabel#dropTitle {{ font-size: 15pt; color: #33414f; }}
QLabel#dropOr {{ font-size: 11pt; color: {MUTED}; }}
QPushButton {{ padding: 7px 16px; font-size: 10.5pt; }}
QPushButton#primary {{
    background: {PRIMARY}; color: white; border: 2px solid {PRIMARY}; border-radius: 6px; padding: 8px 20px;
    font-weight: 600;
}}
QPushButton#primary:hover {{ background: {PRIMARY_DARK}; border-color: {PRIMARY_DARK}; }}
QPushButton#primary:focus {{ border: 2px solid #0b2e57; }}
QPushButton#primary:disabled {{ background: #a9bcd3; border-color: #a9bcd3; }}
QPushButton#choice {{
    background: {PRIMARY}; color: white; border: none; border-radius: 6px; padding: 14px 16px;
    font-weight: 600; font-size: 10.5pt;
}}
QPushButton#choice:hover {{ background: {PRIMARY_DARK}; }}
QPushButton#choice:focus {{ border: 3px solid #0b2e57; }}
QLabel#caution {{
    background: #fff4e0; border: 1px solid #f0b44c; border-radius: 6px; padding: 6px 10px; color: #5a3b00;
    font-size: 10.5pt;
}}
QToolButton#disclosure {{ border: none; font-size: 10.5pt; font-weight: 600; color: #1b2a3a; padding: 2px; }}
QToolButton#disclosure:focus {{ border: 1px solid {PRIMARY_DARK}; border-radius: 4px; }}
QFrame#errorBox {{ background: #fdecea; border: 1px solid #f1b0aa; border-radius: 8px; }}
QLabel#errorTitle {{ color: {DANGER}; font-weight: 600; font-size: 12pt; }}
QLabel#errorText {{ font-size: 11pt; color: #1b2a3a; }}
QFrame#banner {{ background: #fff4e0; border: 1px solid #f0b44c; border-radius: 8px; }}
QFrame#bannerDone {{ background: #e8f3ea; border: 1px solid #9cc9a2; border-radius: 8px; }}
QLabel#bannerText {{ font-size: 11.5pt; font-weight: 600; color: #5a3b00; }}
QLabel#counter {{ font-size: 22pt; font-weight: 600; color: {PRIMARY}; }}
QLabel#counterLabel {{ color: #33414f; }}
QLabel#success {{ font-size: 14pt; font-weight: 600; color: {DONE}; }}
QProgressBar {{
    border: 1px solid #c5d0dc; border-radius: 5px; background: white; height: 18px; text-align: center;
}}
QProgressBar::chunk {{ background: {PRIMARY}; border-radius: 4px; }}
QTableView {{ background: white; alternate-background-color: #f3f6fa; gridline-color: #e3e8ef; }}
QLineEdit {{ padding: 5px 8px; }}
QListWidget#classChips {{ background: transparent; border: none; font-size: 10.5pt; }}
QListWidget#classChips::item {{
    background: white; border: 1px solid #cfd9e5; border-radius: 6px; padding: 6px 10px; margin: 3px;
}}
"""
