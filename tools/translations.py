"""Refresh the interface translations: lupdate the sources, fill in known translations, lrelease.

    python tools/translations.py

Source strings are English (in the code, through tr()); Russian is the checkpoint's language and is
complete; Kyrgyz is complete too, but machine-assisted: a native speaker at the site is to review it
(in Qt Linguist, or directly in the KY table below). Strings missing from a table fall back to the
source and are marked unfinished. tests/test_i18n.py fails when the .ts files are stale or Russian
is unfinished.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "app" / "ui" / "i18n"
BIN = Path(sys.executable).parent

RU = {
    "&Accounts": "&Учётные записи", "&Checkpoint": "&КПП", "&Settings": "&Настройки",
    "A stored image does not match its record: it may have been altered.":
        "Сохранённый снимок не совпадает с записью: возможно, он изменён.",
    "A stored image is missing from the archive.": "Сохранённого снимка нет в архиве.",
    "Alarms confirmed: %1 of %2": "Тревоги подтверждены: %1 из %2",
    "Alarms confirmed: no hand searches yet": "Тревоги подтверждены: досмотров ещё не было",
    "Allow clearing a parcel despite a high alarm": "Разрешить пропуск посылки при высокой тревоге",
    "Brighter": "Ярче", "Checkpoint — parcel screening": "КПП — досмотр передач",
    "Checkpoint: first start": "КПП: первый запуск", "Checkpoint: log in": "КПП: вход",
    "Choose a reason (and describe it for 'Other').": "Выберите причину (для «Другое» — опишите её).",
    "Clear (F5)": "Пропустить (F5)", "Contents differ from the declaration": "Содержимое не совпадает с описью",
    "Darker": "Темнее", "Declared contents": "Опись содержимого", "Dense organic mass": "Плотная органическая масса",
    "Describe the reason.": "Опишите причину.", "Details (required for 'Other')": "Подробности (обязательно для «Другое»)",
    "Detector alarm": "Тревога детектора", "Document number": "Номер документа", "Edges": "Контуры",
    "Enter a user name.": "Введите имя пользователя.", "Findings": "Находки", "Fit": "По размеру окна",
    "Flag for inspection (F6)": "На досмотр (F6)", "For prisoner": "Для заключённого", "Full name": "ФИО",
    "Grey": "Серый", "High penetration": "Высокая проникающая", "Inspector": "Инспектор",
    "Item not allowed in parcels": "Предмет запрещён в передачах", "Less contrast": "Меньше контраста",
    "Log in": "Войти", "Low penetration": "Низкая проникающая", "Marks": "Отметки",
    "Metal/inorganic only": "Только металл/неорганика", "More contrast": "Больше контраста",
    "Name, document number and prisoner are required.": "Укажите ФИО, номер документа и заключённого.",
    "Negative": "Негатив", "New account": "Новая учётная запись", "New account…": "Новая учётная запись…",
    "New visitor (F2)": "Новый посетитель (F2)", "New visitor and package": "Новый посетитель и передача",
    "No accounts exist yet. Create the first supervisor account; the supervisor then creates accounts for the staff.":
        "Учётных записей ещё нет. Создайте первую запись начальника смены; он затем создаст записи для сотрудников.",
    "No alarm. Look at the image yourself.": "Тревоги нет. Посмотрите снимок сами.",
    "No visitor registered (F2)": "Посетитель не зарегистрирован (F2)",
    "Opaque area hides contents": "Непросвечиваемая область скрывает содержимое", "Operator": "Оператор",
    "Organic only": "Только органика", "Other": "Другое", "Over the monthly weight limit": "Превышен месячный лимит веса",
    "Packaging damaged or tampered with": "Упаковка повреждена или вскрыта", "Parcel screening": "Досмотр передач",
    "Password": "Пароль", "Prohibited item clearly visible": "Запрещённый предмет хорошо виден", "Quit": "Выход",
    "Reason for flagging": "Причина направления на досмотр", "Reason for rejecting": "Причина отказа",
    "Recorded: %1": "Записано: %1", "Register the visitor and the package first (F2).":
        "Сначала зарегистрируйте посетителя и передачу (F2).",
    "Reject (F7)": "Отказать (F7)", "Repeat password": "Повторите пароль", "Reset view": "Сбросить вид",
    "Role": "Роль", "SIM card": "SIM-карта",
    "Scanner not responding. Check its cable and power; scanning resumes when it is back.":
        "Сканер не отвечает. Проверьте кабель и питание; работа продолжится, когда он вернётся.",
    "Scanner: %1": "Сканер: %1", "Screening for %1 min": "Досмотр без перерыва: %1 мин", "Supervisor": "Начальник смены",
    "Suspected drugs": "Подозрение на наркотики", "Suspected phone or SIM card": "Подозрение на телефон или SIM-карту",
    "Suspected weapon or blade": "Подозрение на оружие или клинок",
    "The database cannot be written. Call the administrator.": "Запись в базу данных невозможна. Вызовите администратора.",
    "The database is busy. Your decision was not saved: press the key again in a moment.":
        "База данных занята. Решение не сохранено: нажмите клавишу ещё раз через мгновение.",
    "The detector failed on this scan: look carefully.": "Детектор не смог обработать этот снимок: смотрите внимательно.",
    "The detector raised a high alarm: this parcel can only be flagged or rejected.":
        "Детектор поднял высокую тревогу: посылку можно только направить на досмотр или отказать.",
    "The disk is full. Nothing more can be saved: call the administrator.":
        "Диск заполнен. Сохранить ничего нельзя: вызовите администратора.",
    "The inspection queue comes with the inspection group's release. Flagged parcels are kept in the database until then.":
        "Очередь досмотра появится в версии для группы досмотра. До тех пор посылки на досмотр хранятся в базе данных.",
    "The password must have at least 8 characters.": "Пароль должен содержать не менее 8 символов.",
    "The passwords differ.": "Пароли не совпадают.",
    "The scan image could not be saved. Call the administrator.": "Снимок не удалось сохранить. Вызовите администратора.",
    "The scanner sent a damaged image. Send the parcel through again.":
        "Сканер прислал повреждённый снимок. Пропустите посылку через сканер ещё раз.",
    "The scanner's belt has stopped. Clear the tunnel and restart the belt.":
        "Лента сканера остановилась. Освободите тоннель и запустите ленту.",
    "The simulated scanner has no more images to replay.": "У имитатора сканера закончились снимки.",
    "This account is disabled. Ask a supervisor.": "Учётная запись отключена. Обратитесь к начальнику смены.",
    "This parcel has already been decided.": "По этой посылке решение уже принято.",
    "This scan is not in the database.": "Этого снимка нет в базе данных.",
    "This user name is taken. Choose another.": "Это имя пользователя занято. Выберите другое.",
    "Unexpected error ({code}). The details are in the log.": "Непредвиденная ошибка ({code}). Подробности в журнале.",
    "User name": "Имя пользователя", "View: %1": "Вид: %1", "Visitor's full name": "ФИО посетителя",
    "Visitor: %1 (%2) — for %3": "Посетитель: %1 (%2) — для %3", "Waiting for the next parcel…": "Ожидание следующей посылки…",
    "Waiting: %1": "В очереди: %1", "What the visitor declares, one item a line": "Что заявляет посетитель, по предмету в строке",
    "Wrong user name or password. Check the keyboard layout and Caps Lock, then try again.":
        "Неверное имя пользователя или пароль. Проверьте раскладку клавиатуры и Caps Lock и попробуйте снова.",
    "Your role does not allow this.": "Ваша роль этого не позволяет.", "Zoom in": "Увеличить", "Zoom out": "Уменьшить",
    "a break is due soon": "скоро перерыв", "alcohol": "алкоголь", "battery/power bank": "аккумулятор/пауэрбанк",
    "belt stopped": "лента остановлена", "brightness/contrast": "яркость/контраст", "cleared": "пропущено",
    "disconnected": "нет связи", "drugs (dense organic)": "наркотики (плотная органика)", "edges": "контуры",
    "flagged for inspection": "направлено на досмотр", "grey": "серый", "gun": "огнестрельное оружие", "high": "высокая",
    "high penetration": "высокая проникающая", "inspector": "инспектор", "knife/blade": "нож/лезвие", "lighter": "зажигалка",
    "low": "низкая", "low penetration": "низкая проникающая", "marks hidden": "отметки скрыты", "medium": "средняя",
    "metal/inorganic only": "только металл/неорганика", "mobile phone": "мобильный телефон", "negative": "негатив",
    "opaque area": "непросвечиваемая область", "operator": "оператор", "organic only": "только органика",
    "plain": "обычный", "ready": "готов", "rejected": "отказано", "scanning": "сканирование", "scissors": "ножницы",
    "stopped": "остановлен", "supervisor": "начальник смены", "syringe": "шприц",
    "take a 10-minute break or change task": "сделайте перерыв 10 минут или смените задачу",
    "Continuous screening limit…": "Предел непрерывного досмотра…",
    "Scan again (F3)": "Сканировать снова (F3)",
    "The detector model is damaged: only material analysis runs. Call the administrator to reinstall the model.":
        "Модель детектора повреждена: работает только анализ материалов. Вызовите администратора для переустановки модели.",
    "Continuous screening limit": "Предел непрерывного досмотра",
    "Minutes of continuous screening at most": "Не более минут непрерывного досмотра",
    "Minutes of break or other work after it": "Минут перерыва или другой работы после него",
    "The scanner settings in config.toml are invalid. Call the administrator to correct them.":
        "Настройки сканера в config.toml неверны. Вызовите администратора, чтобы исправить их.",
    "Scanner": "Сканер", "Scanner…": "Сканер…",
    "Simulated scanner (training and demonstration)": "Имитатор сканера (обучение и демонстрация)",
    "Export folder of the scanner's software (images or DICOS)": "Папка экспорта программы сканера (снимки или DICOS)",
    " s": " с", "Move read files to processed/": "Перемещать прочитанные файлы в processed/",
    "Leave read files where they are": "Оставлять прочитанные файлы на месте",
    "Test the connection": "Проверить связь", "Scanner name in the records": "Имя сканера в записях",
    "Export folder": "Папка экспорта", "A file is read after it is unchanged for": "Файл читается, если не меняется",
    "After reading": "После чтения", "These settings are not valid.": "Эти настройки неверны.",
    "Connected: the folder can be read and written.": "Связь есть: папка доступна для чтения и записи.",
    "No connection: the folder does not exist, cannot be reached or cannot be written. Check the path and the network share.":
        "Нет связи: папки нет, она недоступна или закрыта для записи. Проверьте путь и сетевую папку.",
    "Choose the export folder.": "Выберите папку экспорта.",
    "Saved. The workstation uses the new scanner at its next start.":
        "Сохранено. Рабочее место будет использовать новый сканер после перезапуска.",
    "Detector acceptance test": "Приёмочная проверка детектора", "&Detector": "&Детектор",
    "Acceptance test on the site's images…": "Приёмочная проверка на снимках объекта…",
    "COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml": "Файл COCO .json или папка YOLO .txt либо Pascal VOC .xml",
    "optional: TOML file mapping the site's class names to ours":
        "необязательно: файл TOML, сопоставляющий названия классов объекта с нашими",
    "Images folder": "Папка снимков", "Labels": "Разметка", "Class names": "Названия классов",
    "Run the evaluation": "Запустить проверку", "Date": "Дата", "Model": "Модель", "Images": "Снимков",
    "mAP@0.5": "mAP@0.5", "Clean images with an alarm": "Чистые снимки с тревогой", "Folder…": "Папка…", "File…": "Файл…",
    "Choose the images folder and the labels first.": "Сначала выберите папку снимков и разметку.",
    "Running…": "Выполняется…", "Model %1 on %2 labelled images.": "Модель %1 на %2 размеченных снимках.",
    "Report: %1": "Отчёт: %1", "Files that could not be read: %1": "Не удалось прочитать файлов: %1",
    "The evaluation could not run: %1": "Проверку выполнить не удалось: %1",
    "Thresholds for this scanner, chosen on half of these images and checked on the other half, beside the model's own:":
        "Пороги для этого сканера, подобранные на половине этих снимков и проверенные на другой половине, рядом с порогами модели:",
    "They are not applied. To use them, press \"Use the thresholds for this scanner\" (the workstation screens on them from the next parcel and keeps them in config.toml), or put these lines in config.toml in the data folder:":
        "Они не применены. Чтобы их применить, нажмите «Применить пороги для этого сканера» (рабочее место будет досматривать с ними со следующей посылки и сохранит их в config.toml) или внесите эти строки в config.toml в папке данных:",
    "Use the thresholds for this scanner": "Применить пороги для этого сканера",
    "The thresholds could not be saved: %1": "Не удалось сохранить пороги: %1",
    "The settings could not be saved: %1": "Не удалось сохранить настройки: %1",
    "Saved. Parcels are screened with the new thresholds from the next scan on (detector %1).":
        "Сохранено. Посылки досматриваются с новыми порогами начиная со следующего снимка (детектор %1).",
    "The detector's second look (a closer check of the items it finds hardest, such as SIM cards and drug packets) is missing or damaged: the detector runs without it and finds fewer of them. Call the administrator to reinstall the model.":
        "Повторная проверка детектора (более точный просмотр того, что он находит хуже всего, например SIM-карт и пакетов с наркотиками) отсутствует или повреждена: детектор работает без неё и находит их реже. Вызовите администратора для переустановки модели.",
    "The detector model file is missing: only material analysis runs. Call the administrator to reinstall the model.":
        "Файл модели детектора отсутствует: работает только анализ материалов. Вызовите администратора для переустановки модели.",
    "The detector settings in config.toml are invalid: only material analysis runs. Call the administrator to correct them.":
        "Настройки детектора в config.toml неверны: работает только анализ материалов. Вызовите администратора, чтобы исправить их.",
    "This database was upgraded by a newer version of Checkpoint. Install that version on this workstation; nothing was changed.":
        "Эта база данных обновлена более новой версией программы. Установите эту версию на рабочее место; ничего не изменено.",
    "The database could not be upgraded. A backup was made before the attempt (the backups folder beside it). Call the administrator.":
        "Базу данных не удалось обновить. Перед попыткой сделана резервная копия (папка backups рядом с ней). Вызовите администратора.",
}

KY = {
    "Clear (F5)": "Өткөрүү (F5)", "Flag for inspection (F6)": "Текшерүүгө (F6)", "Reject (F7)": "Баш тартуу (F7)",
    "Log in": "Кирүү", "Password": "Сырсөз", "User name": "Колдонуучунун аты", "Findings": "Табылгалар",
    "Parcel screening": "Посылкаларды текшерүү", "Quit": "Чыгуу", "Negative": "Негатив", "Zoom in": "Чоңойтуу",
    "Zoom out": "Кичирейтүү", "Organic only": "Органика гана", "Other": "Башка", "Document number": "Документтин номери",
    "knife/blade": "бычак/миз", "gun": "курал", "scissors": "кайчы", "syringe": "шприц", "mobile phone": "уюлдук телефон",
    "SIM card": "SIM-карта", "alcohol": "алкоголь", "lighter": "зажигалка", "ready": "даяр",
    "disconnected": "байланыш жок", "Waiting for the next parcel…": "Кийинки посылканы күтүү…",
    "The passwords differ.": "Сырсөздөр дал келбейт.",
    # Machine-assisted Kyrgyz for the rest of the interface; to be reviewed by a native speaker at the site.
    "&Accounts": "&Эсептик жазуулар", "&Checkpoint": "&КПП", "&Settings": "&Жөндөөлөр", "&Detector": "&Детектор",
    "A stored image does not match its record: it may have been altered.":
        "Сакталган сүрөт өз жазуусуна дал келбейт: ал өзгөртүлгөн болушу мүмкүн.",
    "A stored image is missing from the archive.": "Сакталган сүрөт архивде жок.",
    "Alarms confirmed: %1 of %2": "Тастыкталган дабылдар: %2 ичинен %1",
    "Alarms confirmed: no hand searches yet": "Тастыкталган дабылдар: кол менен текшерүү азырынча болгон жок",
    "Allow clearing a parcel despite a high alarm": "Жогорку дабылга карабастан посылканы өткөрүүгө уруксат берүү",
    "Brighter": "Жарыгыраак", "Checkpoint — parcel screening": "КПП — посылкаларды текшерүү",
    "Checkpoint: first start": "КПП: биринчи ишке киргизүү", "Checkpoint: log in": "КПП: кирүү",
    "Choose a reason (and describe it for 'Other').": "Себебин тандаңыз («Башка» болсо, аны түшүндүрүп жазыңыз).",
    "Contents differ from the declaration": "Мазмуну тизмеге дал келбейт", "Darker": "Караңгыраак",
    "Declared contents": "Мазмунунун тизмеси", "Dense organic mass": "Тыгыз органикалык масса",
    "Describe the reason.": "Себебин түшүндүрүп жазыңыз.",
    "Details (required for 'Other')": "Толук маалымат («Башка» үчүн милдеттүү)",
    "Detector alarm": "Детектордун дабылы", "Edges": "Контурлар", "Enter a user name.": "Колдонуучунун атын киргизиңиз.",
    "Fit": "Терезеге батыруу", "For prisoner": "Камактагы адамга", "Full name": "Аты-жөнү", "Grey": "Боз",
    "High penetration": "Жогорку өтүмдүүлүк", "Inspector": "Инспектор",
    "Item not allowed in parcels": "Посылкаларда тыюу салынган буюм", "Less contrast": "Контрастты азайтуу",
    "Low penetration": "Төмөнкү өтүмдүүлүк", "Marks": "Белгилер", "Metal/inorganic only": "Металл/бейорганика гана",
    "More contrast": "Контрастты көбөйтүү",
    "Name, document number and prisoner are required.":
        "Аты-жөнүн, документтин номерин жана камактагы адамды көрсөтүңүз.",
    "New account": "Жаңы эсептик жазуу", "New account…": "Жаңы эсептик жазуу…",
    "New visitor (F2)": "Жаңы келүүчү (F2)", "New visitor and package": "Жаңы келүүчү жана посылка",
    "No accounts exist yet. Create the first supervisor account; the supervisor then creates accounts for the staff.":
        "Азырынча эсептик жазуулар жок. Нөөмөт башчысынын биринчи эсептик жазуусун түзүңүз; андан кийин ал "
        "кызматкерлер үчүн эсептик жазууларды түзөт.",
    "No alarm. Look at the image yourself.": "Дабыл жок. Сүрөттү өзүңүз карап чыгыңыз.",
    "No visitor registered (F2)": "Келүүчү катталган эмес (F2)",
    "Opaque area hides contents": "Нур өтпөгөн аймак мазмунун жашырат", "Operator": "Оператор",
    "Over the monthly weight limit": "Айлык салмак чегинен ашкан",
    "Packaging damaged or tampered with": "Таңгак бузулган же ачылган",
    "Prohibited item clearly visible": "Тыюу салынган буюм ачык көрүнүп турат",
    "Reason for flagging": "Текшерүүгө жөнөтүүнүн себеби", "Reason for rejecting": "Баш тартуунун себеби",
    "Recorded: %1": "Жазылды: %1", "Register the visitor and the package first (F2).":
        "Адегенде келүүчүнү жана посылканы каттаңыз (F2).",
    "Repeat password": "Сырсөздү кайталаңыз", "Reset view": "Баштапкы көрүнүш", "Role": "Ролу",
    "Scanner not responding. Check its cable and power; scanning resumes when it is back.":
        "Сканер жооп бербей жатат. Анын кабелин жана кубатын текшериңиз; сканер кайра иштегенде иш уланат.",
    "Scanner: %1": "Сканер: %1", "Screening for %1 min": "Тыныгуусуз текшерүү: %1 мүн",
    "Supervisor": "Нөөмөт башчысы", "Suspected drugs": "Баңгизат деген шек",
    "Suspected phone or SIM card": "Телефон же SIM-карта деген шек",
    "Suspected weapon or blade": "Курал же бычак деген шек",
    "The database cannot be written. Call the administrator.":
        "Маалымат базасына жазууга мүмкүн эмес. Администраторду чакырыңыз.",
    "The database is busy. Your decision was not saved: press the key again in a moment.":
        "Маалымат базасы бош эмес. Чечимиңиз сакталган жок: бир аздан кийин баскычты кайра басыңыз.",
    "The detector failed on this scan: look carefully.": "Детектор бул сүрөттү иштете алган жок: кылдат карап чыгыңыз.",
    "The detector raised a high alarm: this parcel can only be flagged or rejected.":
        "Детектор жогорку дабыл берди: бул посылканы текшерүүгө жөнөтүүгө же андан баш тартууга гана болот.",
    "The disk is full. Nothing more can be saved: call the administrator.":
        "Диск толуп калды. Мындан ары эч нерсе сактоого болбойт: администраторду чакырыңыз.",
    "The inspection queue comes with the inspection group's release. Flagged parcels are kept in the database until then.":
        "Текшерүү кезеги текшерүү тобуна арналган версияда пайда болот. Ага чейин текшерүүгө жөнөтүлгөн посылкалар "
        "маалымат базасында сакталат.",
    "The password must have at least 8 characters.": "Сырсөз кеминде 8 белгиден турушу керек.",
    "The scan image could not be saved. Call the administrator.":
        "Сүрөттү сактоого мүмкүн болгон жок. Администраторду чакырыңыз.",
    "The scanner sent a damaged image. Send the parcel through again.":
        "Сканер бузук сүрөт жөнөттү. Посылканы сканерден кайра өткөрүңүз.",
    "The scanner's belt has stopped. Clear the tunnel and restart the belt.":
        "Сканердин лентасы токтоп калды. Туннелди бошотуп, лентаны кайра иштетиңиз.",
    "The simulated scanner has no more images to replay.": "Сканердин имитаторунда сүрөттөр түгөндү.",
    "This account is disabled. Ask a supervisor.": "Бул эсептик жазуу өчүрүлгөн. Нөөмөт башчысына кайрылыңыз.",
    "This parcel has already been decided.": "Бул посылка боюнча чечим мурда эле кабыл алынган.",
    "This scan is not in the database.": "Бул сүрөт маалымат базасында жок.",
    "This user name is taken. Choose another.": "Бул колдонуучунун аты ээленген. Башкасын тандаңыз.",
    "Unexpected error ({code}). The details are in the log.": "Күтүлбөгөн ката ({code}). Толук маалымат журналда.",
    "View: %1": "Көрүнүш: %1", "Visitor's full name": "Келүүчүнүн аты-жөнү",
    "Visitor: %1 (%2) — for %3": "Келүүчү: %1 (%2) — %3 үчүн", "Waiting: %1": "Кезекте: %1",
    "What the visitor declares, one item a line": "Келүүчү билдирген буюмдар, ар бир сапка бирден",
    "Wrong user name or password. Check the keyboard layout and Caps Lock, then try again.":
        "Колдонуучунун аты же сырсөз туура эмес. Баскычтоптун тилин жана Caps Lock'ту текшерип, кайра аракет кылыңыз.",
    "Your role does not allow this.": "Сиздин ролуңуз буга уруксат бербейт.",
    "a break is due soon": "жакында тыныгуу", "battery/power bank": "аккумулятор/пауэрбанк",
    "belt stopped": "лента токтоду", "brightness/contrast": "жарыктык/контраст", "cleared": "өткөрүлдү",
    "drugs (dense organic)": "баңгизат (тыгыз органика)", "edges": "контурлар",
    "flagged for inspection": "текшерүүгө жөнөтүлдү", "grey": "боз", "high": "жогорку",
    "high penetration": "жогорку өтүмдүүлүк", "inspector": "инспектор", "low": "төмөнкү",
    "low penetration": "төмөнкү өтүмдүүлүк", "marks hidden": "белгилер жашырылган", "medium": "орточо",
    "metal/inorganic only": "металл/бейорганика гана", "negative": "негатив", "opaque area": "нур өтпөгөн аймак",
    "operator": "оператор", "organic only": "органика гана", "plain": "кадимки", "rejected": "баш тартылды",
    "scanning": "сканерлөө", "stopped": "токтотулган", "supervisor": "нөөмөт башчысы",
    "take a 10-minute break or change task": "10 мүнөт эс алыңыз же башка ишке өтүңүз",
    "Continuous screening limit…": "Үзгүлтүксүз текшерүүнүн чеги…",
    "Scan again (F3)": "Кайра сканерлөө (F3)",
    "The detector model is damaged: only material analysis runs. Call the administrator to reinstall the model.":
        "Детектордун модели бузулган: материалдарды талдоо гана иштейт. Моделди кайра орнотуу үчүн администраторду "
        "чакырыңыз.",
    "Continuous screening limit": "Үзгүлтүксүз текшерүүнүн чеги",
    "Minutes of continuous screening at most": "Үзгүлтүксүз текшерүүнүн эң узак убактысы, мүнөт",
    "Minutes of break or other work after it": "Андан кийинки тыныгуу же башка иш, мүнөт",
    "The scanner settings in config.toml are invalid. Call the administrator to correct them.":
        "config.toml ичиндеги сканердин жөндөөлөрү туура эмес. Аларды оңдоо үчүн администраторду чакырыңыз.",
    "Scanner": "Сканер", "Scanner…": "Сканер…",
    "Simulated scanner (training and demonstration)": "Сканердин имитатору (окутуу жана көрсөтүү)",
    "Export folder of the scanner's software (images or DICOS)":
        "Сканердин программасынын экспорт папкасы (сүрөттөр же DICOS)",
    " s": " сек", "Move read files to processed/": "Окулган файлдарды processed/ папкасына жылдыруу",
    "Leave read files where they are": "Окулган файлдарды ордунда калтыруу",
    "Test the connection": "Байланышты текшерүү", "Scanner name in the records": "Жазуулардагы сканердин аты",
    "Export folder": "Экспорт папкасы", "A file is read after it is unchanged for": "Файл окулганга чейин өзгөрбөй турушу керек",
    "After reading": "Окугандан кийин", "These settings are not valid.": "Бул жөндөөлөр туура эмес.",
    "Connected: the folder can be read and written.": "Байланыш бар: папканы окууга жана ага жазууга болот.",
    "No connection: the folder does not exist, cannot be reached or cannot be written. Check the path and the network share.":
        "Байланыш жок: папка жок, ага жетүү мүмкүн эмес же ага жазууга болбойт. Жолду жана тармактык папканы текшериңиз.",
    "Choose the export folder.": "Экспорт папкасын тандаңыз.",
    "Saved. The workstation uses the new scanner at its next start.":
        "Сакталды. Жумушчу орун жаңы сканерди кийинки ишке киргизүүдө колдонот.",
    "Detector acceptance test": "Детекторду кабыл алуу текшерүүсү",
    "Acceptance test on the site's images…": "Объекттин сүрөттөрүндө кабыл алуу текшерүүсү…",
    "COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml": "COCO .json файлы же YOLO .txt же Pascal VOC .xml папкасы",
    "optional: TOML file mapping the site's class names to ours":
        "милдеттүү эмес: объекттин класс аталыштарын биздикине дал келтирген TOML файлы",
    "Images folder": "Сүрөттөр папкасы", "Labels": "Белгилөө", "Class names": "Класс аталыштары",
    "Run the evaluation": "Текшерүүнү баштоо", "Date": "Күнү", "Model": "Модель", "Images": "Сүрөттөр",
    "mAP@0.5": "mAP@0.5", "Clean images with an alarm": "Дабыл берилген таза сүрөттөр", "Folder…": "Папка…",
    "File…": "Файл…", "Choose the images folder and the labels first.": "Адегенде сүрөттөр папкасын жана белгилөөнү тандаңыз.",
    "Running…": "Аткарылууда…", "Model %1 on %2 labelled images.": "%1 модели, %2 белгиленген сүрөттө.",
    "Report: %1": "Отчет: %1", "Files that could not be read: %1": "Окулбай калган файлдар: %1",
    "The evaluation could not run: %1": "Текшерүүнү аткарууга мүмкүн болгон жок: %1",
    "Thresholds for this scanner, chosen on half of these images and checked on the other half, beside the model's own:":
        "Бул сканер үчүн босоголор, ушул сүрөттөрдүн жарымында тандалып, калган жарымында текшерилген, моделдин босоголорунун жанында:",
    "They are not applied. To use them, press \"Use the thresholds for this scanner\" (the workstation screens on them from the next parcel and keeps them in config.toml), or put these lines in config.toml in the data folder:":
        "Алар колдонулган жок. Аларды колдонуу үчүн «Бул сканердин босоголорун колдонуу» баскычын басыңыз (жумуш орду кийинки посылкадан баштап алар менен текшерет жана аларды config.toml файлында сактайт) же бул саптарды маалымат папкасындагы config.toml файлына жазыңыз:",
    "Use the thresholds for this scanner": "Бул сканердин босоголорун колдонуу",
    "The thresholds could not be saved: %1": "Босоголорду сактоо мүмкүн болгон жок: %1",
    "The settings could not be saved: %1": "Жөндөөлөрдү сактоо мүмкүн болгон жок: %1",
    "Saved. Parcels are screened with the new thresholds from the next scan on (detector %1).":
        "Сакталды. Посылкалар кийинки сүрөттөн баштап жаңы босоголор менен текшерилет (детектор %1).",
    "The detector's second look (a closer check of the items it finds hardest, such as SIM cards and drug packets) is missing or damaged: the detector runs without it and finds fewer of them. Call the administrator to reinstall the model.":
        "Детектордун кайра текшерүүсү (ал эң кыйын тапкан буюмдарды, мисалы SIM-карталарды жана баңгизат пакеттерин кылдат кароо) жок же бузулган: детектор аны жок иштейт жана аларды азыраак табат. Моделди кайра орнотуу үчүн администраторду чакырыңыз.",
    "The detector model file is missing: only material analysis runs. Call the administrator to reinstall the model.":
        "Детектордун модель файлы жок: материалдарды талдоо гана иштейт. Моделди кайра орнотуу үчүн администраторду "
        "чакырыңыз.",
    "The detector settings in config.toml are invalid: only material analysis runs. Call the administrator to correct them.":
        "config.toml ичиндеги детектордун жөндөөлөрү туура эмес: материалдарды талдоо гана иштейт. Аларды оңдоо үчүн "
        "администраторду чакырыңыз.",
    "This database was upgraded by a newer version of Checkpoint. Install that version on this workstation; nothing was changed.":
        "Бул маалымат базасы программанын жаңыраак версиясы менен жаңыртылган. Ошол версияны бул жумушчу орунга "
        "орнотуңуз; эч нерсе өзгөртүлгөн жок.",
    "The database could not be upgraded. A backup was made before the attempt (the backups folder beside it). Call the administrator.":
        "Маалымат базасын жаңыртууга мүмкүн болгон жок. Аракеттен мурун камдык көчүрмө жасалган (анын жанындагы backups "
        "папкасы). Администраторду чакырыңыз.",
}


def fill(ts: Path, table: dict[str, str]) -> tuple[int, int]:
    text = ts.read_text(encoding="utf-8")
    done = missing = 0

    def replace(match: re.Match) -> str:
        nonlocal done, missing
        source = html.unescape(match.group(1))
        if source in table:
            done += 1
            return f"<source>{match.group(1)}</source>\n        <translation>{html.escape(table[source], quote=False)}</translation>"
        missing += 1
        return match.group(0)

    text = re.sub(r"<source>([^<]*)</source>\s*<translation type=\"unfinished\"\s*(?:/>|>[^<]*</translation>)", replace, text, flags=re.S)
    ts.write_text(text, encoding="utf-8")
    return done, missing


def main() -> None:
    sources = sorted(str(p) for p in (REPO / "app" / "ui").glob("*.py"))
    targets = {"ru": RU, "ky": KY}
    for lang, table in targets.items():
        ts = I18N / f"checkpoint_{lang}.ts"
        subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(ts), "-no-obsolete", "-locations", "none"],
                       check=True, capture_output=True)
        done, missing = fill(ts, table)
        subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True,
                       capture_output=True)
        print(f"{lang}: {done} translated, {missing} unfinished")


if __name__ == "__main__":
    main()
