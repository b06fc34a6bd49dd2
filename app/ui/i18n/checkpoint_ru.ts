<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>Detector acceptance test</source>
        <translation>Приёмочная проверка детектора</translation>
    </message>
    <message>
        <source>COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml</source>
        <translation>Файл COCO .json или папка YOLO .txt либо Pascal VOC .xml</translation>
    </message>
    <message>
        <source>optional: TOML file mapping the site&apos;s class names to ours</source>
        <translation>необязательно: файл TOML, сопоставляющий названия классов объекта с нашими</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Папка снимков</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Разметка</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>Названия классов</translation>
    </message>
    <message>
        <source>Run the evaluation</source>
        <translation>Запустить проверку</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Снимков</translation>
    </message>
    <message>
        <source>mAP@0.5</source>
        <translation>mAP@0.5</translation>
    </message>
    <message>
        <source>Clean images with an alarm</source>
        <translation>Чистые снимки с тревогой</translation>
    </message>
    <message>
        <source>Use the thresholds for this scanner</source>
        <translation>Применить пороги для этого сканера</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Папка…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Файл…</translation>
    </message>
    <message>
        <source>Choose the images folder and the labels first.</source>
        <translation>Сначала выберите папку снимков и разметку.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>Model %1 on %2 labelled images.</source>
        <translation>Модель %1 на %2 размеченных снимках.</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>Отчёт: %1</translation>
    </message>
    <message>
        <source>Files that could not be read: %1</source>
        <translation>Не удалось прочитать файлов: %1</translation>
    </message>
    <message>
        <source>Thresholds for this scanner, chosen on half of these images and checked on the other half, beside the model&apos;s own:</source>
        <translation>Пороги для этого сканера, подобранные на половине этих снимков и проверенные на другой половине, рядом с порогами модели:</translation>
    </message>
    <message>
        <source>They are not applied. To use them, press &quot;Use the thresholds for this scanner&quot; (the workstation screens on them from the next parcel and keeps them in config.toml), or put these lines in config.toml in the data folder:</source>
        <translation>Они не применены. Чтобы их применить, нажмите «Применить пороги для этого сканера» (рабочее место будет досматривать с ними со следующей посылки и сохранит их в config.toml) или внесите эти строки в config.toml в папке данных:</translation>
    </message>
    <message>
        <source>The thresholds could not be saved: %1</source>
        <translation>Не удалось сохранить пороги: %1</translation>
    </message>
    <message>
        <source>Saved. Parcels are screened with the new thresholds from the next scan on (detector %1).</source>
        <translation>Сохранено. Посылки досматриваются с новыми порогами начиная со следующего снимка (детектор %1).</translation>
    </message>
    <message>
        <source>The evaluation could not run: %1</source>
        <translation>Проверку выполнить не удалось: %1</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Checkpoint: first start</source>
        <translation>КПП: первый запуск</translation>
    </message>
    <message>
        <source>No accounts exist yet. Create the first supervisor account; the supervisor then creates accounts for the staff.</source>
        <translation>Учётных записей ещё нет. Создайте первую запись начальника смены; он затем создаст записи для сотрудников.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Повторите пароль</translation>
    </message>
    <message>
        <source>The passwords differ.</source>
        <translation>Пароли не совпадают.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>knife/blade</source>
        <translation>нож/лезвие</translation>
    </message>
    <message>
        <source>gun</source>
        <translation>огнестрельное оружие</translation>
    </message>
    <message>
        <source>scissors</source>
        <translation>ножницы</translation>
    </message>
    <message>
        <source>syringe</source>
        <translation>шприц</translation>
    </message>
    <message>
        <source>mobile phone</source>
        <translation>мобильный телефон</translation>
    </message>
    <message>
        <source>SIM card</source>
        <translation>SIM-карта</translation>
    </message>
    <message>
        <source>battery/power bank</source>
        <translation>аккумулятор/пауэрбанк</translation>
    </message>
    <message>
        <source>drugs (dense organic)</source>
        <translation>наркотики (плотная органика)</translation>
    </message>
    <message>
        <source>alcohol</source>
        <translation>алкоголь</translation>
    </message>
    <message>
        <source>lighter</source>
        <translation>зажигалка</translation>
    </message>
    <message>
        <source>opaque area</source>
        <translation>непросвечиваемая область</translation>
    </message>
    <message>
        <source>Detector alarm</source>
        <translation>Тревога детектора</translation>
    </message>
    <message>
        <source>Dense organic mass</source>
        <translation>Плотная органическая масса</translation>
    </message>
    <message>
        <source>Opaque area hides contents</source>
        <translation>Непросвечиваемая область скрывает содержимое</translation>
    </message>
    <message>
        <source>Suspected phone or SIM card</source>
        <translation>Подозрение на телефон или SIM-карту</translation>
    </message>
    <message>
        <source>Suspected drugs</source>
        <translation>Подозрение на наркотики</translation>
    </message>
    <message>
        <source>Suspected weapon or blade</source>
        <translation>Подозрение на оружие или клинок</translation>
    </message>
    <message>
        <source>Contents differ from the declaration</source>
        <translation>Содержимое не совпадает с описью</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <source>Prohibited item clearly visible</source>
        <translation>Запрещённый предмет хорошо виден</translation>
    </message>
    <message>
        <source>Over the monthly weight limit</source>
        <translation>Превышен месячный лимит веса</translation>
    </message>
    <message>
        <source>Item not allowed in parcels</source>
        <translation>Предмет запрещён в передачах</translation>
    </message>
    <message>
        <source>Packaging damaged or tampered with</source>
        <translation>Упаковка повреждена или вскрыта</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>готов</translation>
    </message>
    <message>
        <source>scanning</source>
        <translation>сканирование</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>остановлен</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>нет связи</translation>
    </message>
    <message>
        <source>belt stopped</source>
        <translation>лента остановлена</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Checkpoint: log in</source>
        <translation>КПП: вход</translation>
    </message>
    <message>
        <source>Parcel screening</source>
        <translation>Досмотр передач</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Войти</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>инспектор</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>начальник смены</translation>
    </message>
    <message>
        <source>Checkpoint — parcel screening</source>
        <translation>КПП — досмотр передач</translation>
    </message>
    <message>
        <source>The inspection queue comes with the inspection group&apos;s release. Flagged parcels are kept in the database until then.</source>
        <translation>Очередь досмотра появится в версии для группы досмотра. До тех пор посылки на досмотр хранятся в базе данных.</translation>
    </message>
    <message>
        <source>&amp;Checkpoint</source>
        <translation>&amp;КПП</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Настройки</translation>
    </message>
    <message>
        <source>Allow clearing a parcel despite a high alarm</source>
        <translation>Разрешить пропуск посылки при высокой тревоге</translation>
    </message>
    <message>
        <source>Continuous screening limit…</source>
        <translation>Предел непрерывного досмотра…</translation>
    </message>
    <message>
        <source>Scanner…</source>
        <translation>Сканер…</translation>
    </message>
    <message>
        <source>&amp;Detector</source>
        <translation>&amp;Детектор</translation>
    </message>
    <message>
        <source>Acceptance test on the site&apos;s images…</source>
        <translation>Приёмочная проверка на снимках объекта…</translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Учётные записи</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>Новая учётная запись…</translation>
    </message>
    <message>
        <source>Saved. The workstation uses the new scanner at its next start.</source>
        <translation>Сохранено. Рабочее место будет использовать новый сканер после перезапуска.</translation>
    </message>
    <message>
        <source>Continuous screening limit</source>
        <translation>Предел непрерывного досмотра</translation>
    </message>
    <message>
        <source>Minutes of continuous screening at most</source>
        <translation>Не более минут непрерывного досмотра</translation>
    </message>
    <message>
        <source>Minutes of break or other work after it</source>
        <translation>Минут перерыва или другой работы после него</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Wrong user name or password. Check the keyboard layout and Caps Lock, then try again.</source>
        <translation>Неверное имя пользователя или пароль. Проверьте раскладку клавиатуры и Caps Lock и попробуйте снова.</translation>
    </message>
    <message>
        <source>This account is disabled. Ask a supervisor.</source>
        <translation>Учётная запись отключена. Обратитесь к начальнику смены.</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>Пароль должен содержать не менее 8 символов.</translation>
    </message>
    <message>
        <source>This user name is taken. Choose another.</source>
        <translation>Это имя пользователя занято. Выберите другое.</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>Введите имя пользователя.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Ваша роль этого не позволяет.</translation>
    </message>
    <message>
        <source>Choose a reason (and describe it for &apos;Other&apos;).</source>
        <translation>Выберите причину (для «Другое» — опишите её).</translation>
    </message>
    <message>
        <source>The detector raised a high alarm: this parcel can only be flagged or rejected.</source>
        <translation>Детектор поднял высокую тревогу: посылку можно только направить на досмотр или отказать.</translation>
    </message>
    <message>
        <source>This parcel has already been decided.</source>
        <translation>По этой посылке решение уже принято.</translation>
    </message>
    <message>
        <source>Register the visitor and the package first (F2).</source>
        <translation>Сначала зарегистрируйте посетителя и передачу (F2).</translation>
    </message>
    <message>
        <source>This scan is not in the database.</source>
        <translation>Этого снимка нет в базе данных.</translation>
    </message>
    <message>
        <source>Scanner not responding. Check its cable and power; scanning resumes when it is back.</source>
        <translation>Сканер не отвечает. Проверьте кабель и питание; работа продолжится, когда он вернётся.</translation>
    </message>
    <message>
        <source>The scanner&apos;s belt has stopped. Clear the tunnel and restart the belt.</source>
        <translation>Лента сканера остановилась. Освободите тоннель и запустите ленту.</translation>
    </message>
    <message>
        <source>The scanner sent a damaged image. Send the parcel through again.</source>
        <translation>Сканер прислал повреждённый снимок. Пропустите посылку через сканер ещё раз.</translation>
    </message>
    <message>
        <source>The simulated scanner has no more images to replay.</source>
        <translation>У имитатора сканера закончились снимки.</translation>
    </message>
    <message>
        <source>The database is busy. Your decision was not saved: press the key again in a moment.</source>
        <translation>База данных занята. Решение не сохранено: нажмите клавишу ещё раз через мгновение.</translation>
    </message>
    <message>
        <source>The disk is full. Nothing more can be saved: call the administrator.</source>
        <translation>Диск заполнен. Сохранить ничего нельзя: вызовите администратора.</translation>
    </message>
    <message>
        <source>The database cannot be written. Call the administrator.</source>
        <translation>Запись в базу данных невозможна. Вызовите администратора.</translation>
    </message>
    <message>
        <source>This database was upgraded by a newer version of Checkpoint. Install that version on this workstation; nothing was changed.</source>
        <translation>Эта база данных обновлена более новой версией программы. Установите эту версию на рабочее место; ничего не изменено.</translation>
    </message>
    <message>
        <source>The database could not be upgraded. A backup was made before the attempt (the backups folder beside it). Call the administrator.</source>
        <translation>Базу данных не удалось обновить. Перед попыткой сделана резервная копия (папка backups рядом с ней). Вызовите администратора.</translation>
    </message>
    <message>
        <source>The scanner settings in config.toml are invalid. Call the administrator to correct them.</source>
        <translation>Настройки сканера в config.toml неверны. Вызовите администратора, чтобы исправить их.</translation>
    </message>
    <message>
        <source>The scan image could not be saved. Call the administrator.</source>
        <translation>Снимок не удалось сохранить. Вызовите администратора.</translation>
    </message>
    <message>
        <source>A stored image is missing from the archive.</source>
        <translation>Сохранённого снимка нет в архиве.</translation>
    </message>
    <message>
        <source>A stored image does not match its record: it may have been altered.</source>
        <translation>Сохранённый снимок не совпадает с записью: возможно, он изменён.</translation>
    </message>
    <message>
        <source>The detector model is damaged: only material analysis runs. Call the administrator to reinstall the model.</source>
        <translation>Модель детектора повреждена: работает только анализ материалов. Вызовите администратора для переустановки модели.</translation>
    </message>
    <message>
        <source>The detector model file is missing: only material analysis runs. Call the administrator to reinstall the model.</source>
        <translation>Файл модели детектора отсутствует: работает только анализ материалов. Вызовите администратора для переустановки модели.</translation>
    </message>
    <message>
        <source>The detector&apos;s second look (a closer check of the items it finds hardest, such as SIM cards and drug packets) is missing or damaged: the detector runs without it and finds fewer of them. Call the administrator to reinstall the model.</source>
        <translation>Повторная проверка детектора (более точный просмотр того, что он находит хуже всего, например SIM-карт и пакетов с наркотиками) отсутствует или повреждена: детектор работает без неё и находит их реже. Вызовите администратора для переустановки модели.</translation>
    </message>
    <message>
        <source>The detector settings in config.toml are invalid: only material analysis runs. Call the administrator to correct them.</source>
        <translation>Настройки детектора в config.toml неверны: работает только анализ материалов. Вызовите администратора, чтобы исправить их.</translation>
    </message>
    <message>
        <source>Unexpected error ({code}). The details are in the log.</source>
        <translation>Непредвиденная ошибка ({code}). Подробности в журнале.</translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <source>New account</source>
        <translation>Новая учётная запись</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Инспектор</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Начальник смены</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason for flagging</source>
        <translation>Причина направления на досмотр</translation>
    </message>
    <message>
        <source>Reason for rejecting</source>
        <translation>Причина отказа</translation>
    </message>
    <message>
        <source>Details (required for &apos;Other&apos;)</source>
        <translation>Подробности (обязательно для «Другое»)</translation>
    </message>
    <message>
        <source>Describe the reason.</source>
        <translation>Опишите причину.</translation>
    </message>
</context>
<context>
    <name>ScannerDialog</name>
    <message>
        <source>Scanner</source>
        <translation>Сканер</translation>
    </message>
    <message>
        <source>Simulated scanner (training and demonstration)</source>
        <translation>Имитатор сканера (обучение и демонстрация)</translation>
    </message>
    <message>
        <source>Export folder of the scanner&apos;s software (images or DICOS)</source>
        <translation>Папка экспорта программы сканера (снимки или DICOS)</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Папка…</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Move read files to processed/</source>
        <translation>Перемещать прочитанные файлы в processed/</translation>
    </message>
    <message>
        <source>Leave read files where they are</source>
        <translation>Оставлять прочитанные файлы на месте</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>Проверить связь</translation>
    </message>
    <message>
        <source>Scanner name in the records</source>
        <translation>Имя сканера в записях</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>Папка экспорта</translation>
    </message>
    <message>
        <source>A file is read after it is unchanged for</source>
        <translation>Файл читается, если не меняется</translation>
    </message>
    <message>
        <source>After reading</source>
        <translation>После чтения</translation>
    </message>
    <message>
        <source>These settings are not valid.</source>
        <translation>Эти настройки неверны.</translation>
    </message>
    <message>
        <source>Connected: the folder can be read and written.</source>
        <translation>Связь есть: папка доступна для чтения и записи.</translation>
    </message>
    <message>
        <source>No connection: the folder does not exist, cannot be reached or cannot be written. Check the path and the network share.</source>
        <translation>Нет связи: папки нет, она недоступна или закрыта для записи. Проверьте путь и сетевую папку.</translation>
    </message>
    <message>
        <source>Choose the export folder.</source>
        <translation>Выберите папку экспорта.</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Не удалось сохранить настройки: %1</translation>
    </message>
</context>
<context>
    <name>ScreeningView</name>
    <message>
        <source>Findings</source>
        <translation>Находки</translation>
    </message>
    <message>
        <source>Clear (F5)</source>
        <translation>Пропустить (F5)</translation>
    </message>
    <message>
        <source>Flag for inspection (F6)</source>
        <translation>На досмотр (F6)</translation>
    </message>
    <message>
        <source>Reject (F7)</source>
        <translation>Отказать (F7)</translation>
    </message>
    <message>
        <source>New visitor (F2)</source>
        <translation>Новый посетитель (F2)</translation>
    </message>
    <message>
        <source>Scan again (F3)</source>
        <translation>Сканировать снова (F3)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Увеличить</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Уменьшить</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>По размеру окна</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Негатив</translation>
    </message>
    <message>
        <source>Edges</source>
        <translation>Контуры</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Серый</translation>
    </message>
    <message>
        <source>Organic only</source>
        <translation>Только органика</translation>
    </message>
    <message>
        <source>Metal/inorganic only</source>
        <translation>Только металл/неорганика</translation>
    </message>
    <message>
        <source>High penetration</source>
        <translation>Высокая проникающая</translation>
    </message>
    <message>
        <source>Low penetration</source>
        <translation>Низкая проникающая</translation>
    </message>
    <message>
        <source>Brighter</source>
        <translation>Ярче</translation>
    </message>
    <message>
        <source>Darker</source>
        <translation>Темнее</translation>
    </message>
    <message>
        <source>More contrast</source>
        <translation>Больше контраста</translation>
    </message>
    <message>
        <source>Less contrast</source>
        <translation>Меньше контраста</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>Сбросить вид</translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation>Записано: %1</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>пропущено</translation>
    </message>
    <message>
        <source>flagged for inspection</source>
        <translation>направлено на досмотр</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отказано</translation>
    </message>
    <message>
        <source>Scanner: %1</source>
        <translation>Сканер: %1</translation>
    </message>
    <message>
        <source>Screening for %1 min</source>
        <translation>Досмотр без перерыва: %1 мин</translation>
    </message>
    <message>
        <source>a break is due soon</source>
        <translation>скоро перерыв</translation>
    </message>
    <message>
        <source>take a 10-minute break or change task</source>
        <translation>сделайте перерыв 10 минут или смените задачу</translation>
    </message>
    <message>
        <source>Visitor: %1 (%2) — for %3</source>
        <translation>Посетитель: %1 (%2) — для %3</translation>
    </message>
    <message>
        <source>No visitor registered (F2)</source>
        <translation>Посетитель не зарегистрирован (F2)</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>В очереди: %1</translation>
    </message>
    <message>
        <source>Alarms confirmed: %1 of %2</source>
        <translation>Тревоги подтверждены: %1 из %2</translation>
    </message>
    <message>
        <source>Alarms confirmed: no hand searches yet</source>
        <translation>Тревоги подтверждены: досмотров ещё не было</translation>
    </message>
    <message>
        <source>Waiting for the next parcel…</source>
        <translation>Ожидание следующей посылки…</translation>
    </message>
    <message>
        <source>No alarm. Look at the image yourself.</source>
        <translation>Тревоги нет. Посмотрите снимок сами.</translation>
    </message>
    <message>
        <source>high</source>
        <translation>высокая</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>средняя</translation>
    </message>
    <message>
        <source>low</source>
        <translation>низкая</translation>
    </message>
    <message>
        <source>The detector failed on this scan: look carefully.</source>
        <translation>Детектор не смог обработать этот снимок: смотрите внимательно.</translation>
    </message>
    <message>
        <source>grey</source>
        <translation>серый</translation>
    </message>
    <message>
        <source>organic only</source>
        <translation>только органика</translation>
    </message>
    <message>
        <source>metal/inorganic only</source>
        <translation>только металл/неорганика</translation>
    </message>
    <message>
        <source>high penetration</source>
        <translation>высокая проникающая</translation>
    </message>
    <message>
        <source>low penetration</source>
        <translation>низкая проникающая</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>негатив</translation>
    </message>
    <message>
        <source>edges</source>
        <translation>контуры</translation>
    </message>
    <message>
        <source>brightness/contrast</source>
        <translation>яркость/контраст</translation>
    </message>
    <message>
        <source>marks hidden</source>
        <translation>отметки скрыты</translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation>Вид: %1</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>обычный</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>New visitor and package</source>
        <translation>Новый посетитель и передача</translation>
    </message>
    <message>
        <source>What the visitor declares, one item a line</source>
        <translation>Что заявляет посетитель, по предмету в строке</translation>
    </message>
    <message>
        <source>Visitor&apos;s full name</source>
        <translation>ФИО посетителя</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>Номер документа</translation>
    </message>
    <message>
        <source>For prisoner</source>
        <translation>Для заключённого</translation>
    </message>
    <message>
        <source>Declared contents</source>
        <translation>Опись содержимого</translation>
    </message>
    <message>
        <source>Name, document number and prisoner are required.</source>
        <translation>Укажите ФИО, номер документа и заключённого.</translation>
    </message>
</context>
</TS>
