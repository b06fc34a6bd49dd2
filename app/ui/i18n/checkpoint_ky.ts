<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ky_KG">
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>Detector acceptance test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: TOML file mapping the site&apos;s class names to ours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mAP@0.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean images with an alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the images folder and the labels first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 on %2 labelled images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files that could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evaluation could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Checkpoint: first start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No accounts exist yet. Create the first supervisor account; the supervisor then creates accounts for the staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Колдонуучунун аты</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Сырсөз</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drugs (dense organic)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detector alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dense organic mass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opaque area hides contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspected phone or SIM card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspected drugs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspected weapon or blade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents differ from the declaration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Башка</translation>
    </message>
    <message>
        <source>Prohibited item clearly visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over the monthly weight limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item not allowed in parcels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packaging damaged or tampered with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation>даяр</translation>
    </message>
    <message>
        <source>scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>байланыш жок</translation>
    </message>
    <message>
        <source>belt stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Checkpoint: log in</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint — parcel screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The inspection queue comes with the inspection group&apos;s release. Flagged parcels are kept in the database until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Чыгуу</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow clearing a parcel despite a high alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuous screening limit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Detector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acceptance test on the site&apos;s images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The workstation uses the new scanner at its next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuous screening limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes of continuous screening at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes of break or other work after it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Wrong user name or password. Check the keyboard layout and Caps Lock, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is disabled. Ask a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This user name is taken. Choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a reason (and describe it for &apos;Other&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The detector raised a high alarm: this parcel can only be flagged or rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This parcel has already been decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the visitor and the package first (F2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scan is not in the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner not responding. Check its cable and power; scanning resumes when it is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner&apos;s belt has stopped. Clear the tunnel and restart the belt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner sent a damaged image. Send the parcel through again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulated scanner has no more images to replay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is busy. Your decision was not saved: press the key again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full. Nothing more can be saved: call the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be written. Call the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database was upgraded by a newer version of Checkpoint. Install that version on this workstation; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not be upgraded. A backup was made before the attempt (the backups folder beside it). Call the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanner settings in config.toml are invalid. Call the administrator to correct them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan image could not be saved. Call the administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stored image is missing from the archive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stored image does not match its record: it may have been altered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The detector model is damaged: only material analysis runs. Call the administrator to reinstall the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The detector model file is missing: only material analysis runs. Call the administrator to reinstall the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The detector settings in config.toml are invalid: only material analysis runs. Call the administrator to correct them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error ({code}). The details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <source>New account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Колдонуучунун аты</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for rejecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details (required for &apos;Other&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the reason.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScannerDialog</name>
    <message>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated scanner (training and demonstration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export folder of the scanner&apos;s software (images or DICOS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move read files to processed/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave read files where they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner name in the records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file is read after it is unchanged for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These settings are not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: the folder can be read and written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection: the folder does not exist, cannot be reached or cannot be written. Check the path and the network share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the export folder.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan again (F3)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Негатив</translation>
    </message>
    <message>
        <source>Edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organic only</source>
        <translation>Органика гана</translation>
    </message>
    <message>
        <source>Metal/inorganic only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High penetration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low penetration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brighter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Darker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged for inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanner: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screening for %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a break is due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>take a 10-minute break or change task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visitor: %1 (%2) — for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visitor registered (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms confirmed: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms confirmed: no hand searches yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the next parcel…</source>
        <translation>Кийинки посылканы күтүү…</translation>
    </message>
    <message>
        <source>No alarm. Look at the image yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The detector failed on this scan: look carefully.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>organic only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metal/inorganic only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high penetration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low penetration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brightness/contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>marks hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>New visitor and package</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the visitor declares, one item a line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visitor&apos;s full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>Документтин номери</translation>
    </message>
    <message>
        <source>For prisoner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declared contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, document number and prisoner are required.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
