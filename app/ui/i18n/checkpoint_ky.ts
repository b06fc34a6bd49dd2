<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ky_KG">
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>Detector acceptance test</source>
        <translation>Детекторду кабыл алуу текшерүүсү</translation>
    </message>
    <message>
        <source>COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml</source>
        <translation>COCO .json файлы же YOLO .txt же Pascal VOC .xml папкасы</translation>
    </message>
    <message>
        <source>optional: TOML file mapping the site&apos;s class names to ours</source>
        <translation>милдеттүү эмес: объекттин класс аталыштарын биздикине дал келтирген TOML файлы</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Сүрөттөр папкасы</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Белгилөө</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>Класс аталыштары</translation>
    </message>
    <message>
        <source>Run the evaluation</source>
        <translation>Текшерүүнү баштоо</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Күнү</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Сүрөттөр</translation>
    </message>
    <message>
        <source>mAP@0.5</source>
        <translation>mAP@0.5</translation>
    </message>
    <message>
        <source>Clean images with an alarm</source>
        <translation>Дабыл берилген таза сүрөттөр</translation>
    </message>
    <message>
        <source>Use the thresholds for this scanner</source>
        <translation>Бул сканердин босоголорун колдонуу</translation>
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
        <translation>Адегенде сүрөттөр папкасын жана белгилөөнү тандаңыз.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Аткарылууда…</translation>
    </message>
    <message>
        <source>Model %1 on %2 labelled images.</source>
        <translation>%1 модели, %2 белгиленген сүрөттө.</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>Отчет: %1</translation>
    </message>
    <message>
        <source>Files that could not be read: %1</source>
        <translation>Окулбай калган файлдар: %1</translation>
    </message>
    <message>
        <source>Thresholds for this scanner, chosen on half of these images and checked on the other half, beside the model&apos;s own:</source>
        <translation>Бул сканер үчүн босоголор, ушул сүрөттөрдүн жарымында тандалып, калган жарымында текшерилген, моделдин босоголорунун жанында:</translation>
    </message>
    <message>
        <source>They are not applied. To use them, press &quot;Use the thresholds for this scanner&quot; (the workstation screens on them from the next parcel and keeps them in config.toml), or put these lines in config.toml in the data folder:</source>
        <translation>Алар колдонулган жок. Аларды колдонуу үчүн «Бул сканердин босоголорун колдонуу» баскычын басыңыз (жумуш орду кийинки посылкадан баштап алар менен текшерет жана аларды config.toml файлында сактайт) же бул саптарды маалымат папкасындагы config.toml файлына жазыңыз:</translation>
    </message>
    <message>
        <source>The thresholds could not be saved: %1</source>
        <translation>Босоголорду сактоо мүмкүн болгон жок: %1</translation>
    </message>
    <message>
        <source>Saved. Parcels are screened with the new thresholds from the next scan on (detector %1).</source>
        <translation>Сакталды. Посылкалар кийинки сүрөттөн баштап жаңы босоголор менен текшерилет (детектор %1).</translation>
    </message>
    <message>
        <source>The evaluation could not run: %1</source>
        <translation>Текшерүүнү аткарууга мүмкүн болгон жок: %1</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Checkpoint: first start</source>
        <translation>КПП: биринчи ишке киргизүү</translation>
    </message>
    <message>
        <source>No accounts exist yet. Create the first supervisor account; the supervisor then creates accounts for the staff.</source>
        <translation>Азырынча эсептик жазуулар жок. Нөөмөт башчысынын биринчи эсептик жазуусун түзүңүз; андан кийин ал кызматкерлер үчүн эсептик жазууларды түзөт.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Колдонуучунун аты</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Аты-жөнү</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Сырсөз</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Сырсөздү кайталаңыз</translation>
    </message>
    <message>
        <source>The passwords differ.</source>
        <translation>Сырсөздөр дал келбейт.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>knife/blade</source>
        <translation>бычак/миз</translation>
    </message>
    <message>
        <source>gun</source>
        <translation>курал</translation>
    </message>
    <message>
        <source>scissors</source>
        <translation>кайчы</translation>
    </message>
    <message>
        <source>syringe</source>
        <translation>шприц</translation>
    </message>
    <message>
        <source>mobile phone</source>
        <translation>уюлдук телефон</translation>
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
        <translation>баңгизат (тыгыз органика)</translation>
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
        <translation>нур өтпөгөн аймак</translation>
    </message>
    <message>
        <source>Detector alarm</source>
        <translation>Детектордун дабылы</translation>
    </message>
    <message>
        <source>Dense organic mass</source>
        <translation>Тыгыз органикалык масса</translation>
    </message>
    <message>
        <source>Opaque area hides contents</source>
        <translation>Нур өтпөгөн аймак мазмунун жашырат</translation>
    </message>
    <message>
        <source>Suspected phone or SIM card</source>
        <translation>Телефон же SIM-карта деген шек</translation>
    </message>
    <message>
        <source>Suspected drugs</source>
        <translation>Баңгизат деген шек</translation>
    </message>
    <message>
        <source>Suspected weapon or blade</source>
        <translation>Курал же бычак деген шек</translation>
    </message>
    <message>
        <source>Contents differ from the declaration</source>
        <translation>Мазмуну тизмеге дал келбейт</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Башка</translation>
    </message>
    <message>
        <source>Prohibited item clearly visible</source>
        <translation>Тыюу салынган буюм ачык көрүнүп турат</translation>
    </message>
    <message>
        <source>Over the monthly weight limit</source>
        <translation>Айлык салмак чегинен ашкан</translation>
    </message>
    <message>
        <source>Item not allowed in parcels</source>
        <translation>Посылкаларда тыюу салынган буюм</translation>
    </message>
    <message>
        <source>Packaging damaged or tampered with</source>
        <translation>Таңгак бузулган же ачылган</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>даяр</translation>
    </message>
    <message>
        <source>scanning</source>
        <translation>сканерлөө</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>токтотулган</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>байланыш жок</translation>
    </message>
    <message>
        <source>belt stopped</source>
        <translation>лента токтоду</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Checkpoint: log in</source>
        <translation>КПП: кирүү</translation>
    </message>
    <message>
        <source>Parcel screening</source>
        <translation>Посылкаларды текшерүү</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Колдонуучунун аты</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Сырсөз</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Кирүү</translation>
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
        <translation>нөөмөт башчысы</translation>
    </message>
    <message>
        <source>Checkpoint — parcel screening</source>
        <translation>КПП — посылкаларды текшерүү</translation>
    </message>
    <message>
        <source>The inspection queue comes with the inspection group&apos;s release. Flagged parcels are kept in the database until then.</source>
        <translation>Текшерүү кезеги текшерүү тобуна арналган версияда пайда болот. Ага чейин текшерүүгө жөнөтүлгөн посылкалар маалымат базасында сакталат.</translation>
    </message>
    <message>
        <source>&amp;Checkpoint</source>
        <translation>&amp;КПП</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Чыгуу</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Жөндөөлөр</translation>
    </message>
    <message>
        <source>Allow clearing a parcel despite a high alarm</source>
        <translation>Жогорку дабылга карабастан посылканы өткөрүүгө уруксат берүү</translation>
    </message>
    <message>
        <source>Continuous screening limit…</source>
        <translation>Үзгүлтүксүз текшерүүнүн чеги…</translation>
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
        <translation>Объекттин сүрөттөрүндө кабыл алуу текшерүүсү…</translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Эсептик жазуулар</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>Жаңы эсептик жазуу…</translation>
    </message>
    <message>
        <source>Saved. The workstation uses the new scanner at its next start.</source>
        <translation>Сакталды. Жумушчу орун жаңы сканерди кийинки ишке киргизүүдө колдонот.</translation>
    </message>
    <message>
        <source>Continuous screening limit</source>
        <translation>Үзгүлтүксүз текшерүүнүн чеги</translation>
    </message>
    <message>
        <source>Minutes of continuous screening at most</source>
        <translation>Үзгүлтүксүз текшерүүнүн эң узак убактысы, мүнөт</translation>
    </message>
    <message>
        <source>Minutes of break or other work after it</source>
        <translation>Андан кийинки тыныгуу же башка иш, мүнөт</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Wrong user name or password. Check the keyboard layout and Caps Lock, then try again.</source>
        <translation>Колдонуучунун аты же сырсөз туура эмес. Баскычтоптун тилин жана Caps Lock&apos;ту текшерип, кайра аракет кылыңыз.</translation>
    </message>
    <message>
        <source>This account is disabled. Ask a supervisor.</source>
        <translation>Бул эсептик жазуу өчүрүлгөн. Нөөмөт башчысына кайрылыңыз.</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>Сырсөз кеминде 8 белгиден турушу керек.</translation>
    </message>
    <message>
        <source>This user name is taken. Choose another.</source>
        <translation>Бул колдонуучунун аты ээленген. Башкасын тандаңыз.</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>Колдонуучунун атын киргизиңиз.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Сиздин ролуңуз буга уруксат бербейт.</translation>
    </message>
    <message>
        <source>Choose a reason (and describe it for &apos;Other&apos;).</source>
        <translation>Себебин тандаңыз («Башка» болсо, аны түшүндүрүп жазыңыз).</translation>
    </message>
    <message>
        <source>The detector raised a high alarm: this parcel can only be flagged or rejected.</source>
        <translation>Детектор жогорку дабыл берди: бул посылканы текшерүүгө жөнөтүүгө же андан баш тартууга гана болот.</translation>
    </message>
    <message>
        <source>This parcel has already been decided.</source>
        <translation>Бул посылка боюнча чечим мурда эле кабыл алынган.</translation>
    </message>
    <message>
        <source>Register the visitor and the package first (F2).</source>
        <translation>Адегенде келүүчүнү жана посылканы каттаңыз (F2).</translation>
    </message>
    <message>
        <source>This scan is not in the database.</source>
        <translation>Бул сүрөт маалымат базасында жок.</translation>
    </message>
    <message>
        <source>Scanner not responding. Check its cable and power; scanning resumes when it is back.</source>
        <translation>Сканер жооп бербей жатат. Анын кабелин жана кубатын текшериңиз; сканер кайра иштегенде иш уланат.</translation>
    </message>
    <message>
        <source>The scanner&apos;s belt has stopped. Clear the tunnel and restart the belt.</source>
        <translation>Сканердин лентасы токтоп калды. Туннелди бошотуп, лентаны кайра иштетиңиз.</translation>
    </message>
    <message>
        <source>The scanner sent a damaged image. Send the parcel through again.</source>
        <translation>Сканер бузук сүрөт жөнөттү. Посылканы сканерден кайра өткөрүңүз.</translation>
    </message>
    <message>
        <source>The simulated scanner has no more images to replay.</source>
        <translation>Сканердин имитаторунда сүрөттөр түгөндү.</translation>
    </message>
    <message>
        <source>The database is busy. Your decision was not saved: press the key again in a moment.</source>
        <translation>Маалымат базасы бош эмес. Чечимиңиз сакталган жок: бир аздан кийин баскычты кайра басыңыз.</translation>
    </message>
    <message>
        <source>The disk is full. Nothing more can be saved: call the administrator.</source>
        <translation>Диск толуп калды. Мындан ары эч нерсе сактоого болбойт: администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>The database cannot be written. Call the administrator.</source>
        <translation>Маалымат базасына жазууга мүмкүн эмес. Администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>This database was upgraded by a newer version of Checkpoint. Install that version on this workstation; nothing was changed.</source>
        <translation>Бул маалымат базасы программанын жаңыраак версиясы менен жаңыртылган. Ошол версияны бул жумушчу орунга орнотуңуз; эч нерсе өзгөртүлгөн жок.</translation>
    </message>
    <message>
        <source>The database could not be upgraded. A backup was made before the attempt (the backups folder beside it). Call the administrator.</source>
        <translation>Маалымат базасын жаңыртууга мүмкүн болгон жок. Аракеттен мурун камдык көчүрмө жасалган (анын жанындагы backups папкасы). Администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>The scanner settings in config.toml are invalid. Call the administrator to correct them.</source>
        <translation>config.toml ичиндеги сканердин жөндөөлөрү туура эмес. Аларды оңдоо үчүн администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>The scan image could not be saved. Call the administrator.</source>
        <translation>Сүрөттү сактоого мүмкүн болгон жок. Администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>A stored image is missing from the archive.</source>
        <translation>Сакталган сүрөт архивде жок.</translation>
    </message>
    <message>
        <source>A stored image does not match its record: it may have been altered.</source>
        <translation>Сакталган сүрөт өз жазуусуна дал келбейт: ал өзгөртүлгөн болушу мүмкүн.</translation>
    </message>
    <message>
        <source>The detector model is damaged: only material analysis runs. Call the administrator to reinstall the model.</source>
        <translation>Детектордун модели бузулган: материалдарды талдоо гана иштейт. Моделди кайра орнотуу үчүн администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>The detector model file is missing: only material analysis runs. Call the administrator to reinstall the model.</source>
        <translation>Детектордун модель файлы жок: материалдарды талдоо гана иштейт. Моделди кайра орнотуу үчүн администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>The detector&apos;s second look (a closer check of the items it finds hardest, such as SIM cards and drug packets) is missing or damaged: the detector runs without it and finds fewer of them. Call the administrator to reinstall the model.</source>
        <translation>Детектордун кайра текшерүүсү (ал эң кыйын тапкан буюмдарды, мисалы SIM-карталарды жана баңгизат пакеттерин кылдат кароо) жок же бузулган: детектор аны жок иштейт жана аларды азыраак табат. Моделди кайра орнотуу үчүн администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>The detector settings in config.toml are invalid: only material analysis runs. Call the administrator to correct them.</source>
        <translation>config.toml ичиндеги детектордун жөндөөлөрү туура эмес: материалдарды талдоо гана иштейт. Аларды оңдоо үчүн администраторду чакырыңыз.</translation>
    </message>
    <message>
        <source>Unexpected error ({code}). The details are in the log.</source>
        <translation>Күтүлбөгөн ката ({code}). Толук маалымат журналда.</translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <source>New account</source>
        <translation>Жаңы эсептик жазуу</translation>
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
        <translation>Нөөмөт башчысы</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Колдонуучунун аты</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Аты-жөнү</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Ролу</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Сырсөз</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason for flagging</source>
        <translation>Текшерүүгө жөнөтүүнүн себеби</translation>
    </message>
    <message>
        <source>Reason for rejecting</source>
        <translation>Баш тартуунун себеби</translation>
    </message>
    <message>
        <source>Details (required for &apos;Other&apos;)</source>
        <translation>Толук маалымат («Башка» үчүн милдеттүү)</translation>
    </message>
    <message>
        <source>Describe the reason.</source>
        <translation>Себебин түшүндүрүп жазыңыз.</translation>
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
        <translation>Сканердин имитатору (окутуу жана көрсөтүү)</translation>
    </message>
    <message>
        <source>Export folder of the scanner&apos;s software (images or DICOS)</source>
        <translation>Сканердин программасынын экспорт папкасы (сүрөттөр же DICOS)</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Папка…</translation>
    </message>
    <message>
        <source> s</source>
        <translation> сек</translation>
    </message>
    <message>
        <source>Move read files to processed/</source>
        <translation>Окулган файлдарды processed/ папкасына жылдыруу</translation>
    </message>
    <message>
        <source>Leave read files where they are</source>
        <translation>Окулган файлдарды ордунда калтыруу</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>Байланышты текшерүү</translation>
    </message>
    <message>
        <source>Scanner name in the records</source>
        <translation>Жазуулардагы сканердин аты</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>Экспорт папкасы</translation>
    </message>
    <message>
        <source>A file is read after it is unchanged for</source>
        <translation>Файл окулганга чейин өзгөрбөй турушу керек</translation>
    </message>
    <message>
        <source>After reading</source>
        <translation>Окугандан кийин</translation>
    </message>
    <message>
        <source>These settings are not valid.</source>
        <translation>Бул жөндөөлөр туура эмес.</translation>
    </message>
    <message>
        <source>Connected: the folder can be read and written.</source>
        <translation>Байланыш бар: папканы окууга жана ага жазууга болот.</translation>
    </message>
    <message>
        <source>No connection: the folder does not exist, cannot be reached or cannot be written. Check the path and the network share.</source>
        <translation>Байланыш жок: папка жок, ага жетүү мүмкүн эмес же ага жазууга болбойт. Жолду жана тармактык папканы текшериңиз.</translation>
    </message>
    <message>
        <source>Choose the export folder.</source>
        <translation>Экспорт папкасын тандаңыз.</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Жөндөөлөрдү сактоо мүмкүн болгон жок: %1</translation>
    </message>
</context>
<context>
    <name>ScreeningView</name>
    <message>
        <source>Findings</source>
        <translation>Табылгалар</translation>
    </message>
    <message>
        <source>Clear (F5)</source>
        <translation>Өткөрүү (F5)</translation>
    </message>
    <message>
        <source>Flag for inspection (F6)</source>
        <translation>Текшерүүгө (F6)</translation>
    </message>
    <message>
        <source>Reject (F7)</source>
        <translation>Баш тартуу (F7)</translation>
    </message>
    <message>
        <source>New visitor (F2)</source>
        <translation>Жаңы келүүчү (F2)</translation>
    </message>
    <message>
        <source>Scan again (F3)</source>
        <translation>Кайра сканерлөө (F3)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Чоңойтуу</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Кичирейтүү</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Терезеге батыруу</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Негатив</translation>
    </message>
    <message>
        <source>Edges</source>
        <translation>Контурлар</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Боз</translation>
    </message>
    <message>
        <source>Organic only</source>
        <translation>Органика гана</translation>
    </message>
    <message>
        <source>Metal/inorganic only</source>
        <translation>Металл/бейорганика гана</translation>
    </message>
    <message>
        <source>High penetration</source>
        <translation>Жогорку өтүмдүүлүк</translation>
    </message>
    <message>
        <source>Low penetration</source>
        <translation>Төмөнкү өтүмдүүлүк</translation>
    </message>
    <message>
        <source>Brighter</source>
        <translation>Жарыгыраак</translation>
    </message>
    <message>
        <source>Darker</source>
        <translation>Караңгыраак</translation>
    </message>
    <message>
        <source>More contrast</source>
        <translation>Контрастты көбөйтүү</translation>
    </message>
    <message>
        <source>Less contrast</source>
        <translation>Контрастты азайтуу</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Белгилер</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>Баштапкы көрүнүш</translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation>Жазылды: %1</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>өткөрүлдү</translation>
    </message>
    <message>
        <source>flagged for inspection</source>
        <translation>текшерүүгө жөнөтүлдү</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>баш тартылды</translation>
    </message>
    <message>
        <source>Scanner: %1</source>
        <translation>Сканер: %1</translation>
    </message>
    <message>
        <source>Screening for %1 min</source>
        <translation>Тыныгуусуз текшерүү: %1 мүн</translation>
    </message>
    <message>
        <source>a break is due soon</source>
        <translation>жакында тыныгуу</translation>
    </message>
    <message>
        <source>take a 10-minute break or change task</source>
        <translation>10 мүнөт эс алыңыз же башка ишке өтүңүз</translation>
    </message>
    <message>
        <source>Visitor: %1 (%2) — for %3</source>
        <translation>Келүүчү: %1 (%2) — %3 үчүн</translation>
    </message>
    <message>
        <source>No visitor registered (F2)</source>
        <translation>Келүүчү катталган эмес (F2)</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>Кезекте: %1</translation>
    </message>
    <message>
        <source>Alarms confirmed: %1 of %2</source>
        <translation>Тастыкталган дабылдар: %2 ичинен %1</translation>
    </message>
    <message>
        <source>Alarms confirmed: no hand searches yet</source>
        <translation>Тастыкталган дабылдар: кол менен текшерүү азырынча болгон жок</translation>
    </message>
    <message>
        <source>Waiting for the next parcel…</source>
        <translation>Кийинки посылканы күтүү…</translation>
    </message>
    <message>
        <source>No alarm. Look at the image yourself.</source>
        <translation>Дабыл жок. Сүрөттү өзүңүз карап чыгыңыз.</translation>
    </message>
    <message>
        <source>high</source>
        <translation>жогорку</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>орточо</translation>
    </message>
    <message>
        <source>low</source>
        <translation>төмөнкү</translation>
    </message>
    <message>
        <source>The detector failed on this scan: look carefully.</source>
        <translation>Детектор бул сүрөттү иштете алган жок: кылдат карап чыгыңыз.</translation>
    </message>
    <message>
        <source>grey</source>
        <translation>боз</translation>
    </message>
    <message>
        <source>organic only</source>
        <translation>органика гана</translation>
    </message>
    <message>
        <source>metal/inorganic only</source>
        <translation>металл/бейорганика гана</translation>
    </message>
    <message>
        <source>high penetration</source>
        <translation>жогорку өтүмдүүлүк</translation>
    </message>
    <message>
        <source>low penetration</source>
        <translation>төмөнкү өтүмдүүлүк</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>негатив</translation>
    </message>
    <message>
        <source>edges</source>
        <translation>контурлар</translation>
    </message>
    <message>
        <source>brightness/contrast</source>
        <translation>жарыктык/контраст</translation>
    </message>
    <message>
        <source>marks hidden</source>
        <translation>белгилер жашырылган</translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation>Көрүнүш: %1</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>кадимки</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>New visitor and package</source>
        <translation>Жаңы келүүчү жана посылка</translation>
    </message>
    <message>
        <source>What the visitor declares, one item a line</source>
        <translation>Келүүчү билдирген буюмдар, ар бир сапка бирден</translation>
    </message>
    <message>
        <source>Visitor&apos;s full name</source>
        <translation>Келүүчүнүн аты-жөнү</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>Документтин номери</translation>
    </message>
    <message>
        <source>For prisoner</source>
        <translation>Камактагы адамга</translation>
    </message>
    <message>
        <source>Declared contents</source>
        <translation>Мазмунунун тизмеси</translation>
    </message>
    <message>
        <source>Name, document number and prisoner are required.</source>
        <translation>Аты-жөнүн, документтин номерин жана камактагы адамды көрсөтүңүз.</translation>
    </message>
</context>
</TS>
