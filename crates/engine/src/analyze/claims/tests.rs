//! Table tests on sentences written for the purpose (not taken from any
//! page): each row is a sentence and the claims it holds, rendered as
//! `kind | source | cue | content` with `-` for no source.

use super::*;
use marsad_arabic::Tokenizer;

fn render(text: &str) -> Vec<String> {
    let tokens = Tokenizer::new().tokenize(text);
    ClaimFinder::new()
        .find(text, &tokens, &[Span::new(0, text.len())], &[])
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ClaimKind::Direct => "direct",
                ClaimKind::Indirect => "indirect",
                ClaimKind::AccordingTo => "according_to",
                ClaimKind::Hedged => "hedged",
            };
            let mut s = format!(
                "{kind} | {} | {} | {}",
                c.source.as_ref().map_or("-", |p| p.text.as_str()),
                c.cue.text,
                c.content.text
            );
            if let Some(r) = &c.relay {
                s.push_str(&format!(" | relay {}", r.text));
            }
            if c.vague_source {
                s.push_str(" | vague");
            }
            s
        })
        .collect()
}

#[test]
fn word_orders() {
    let table: &[(&str, &[&str])] = &[
        // Verb first.
        ("قال الوزير إن الحكومة ستخفض الضرائب.", &["indirect | الوزير | قال | الحكومة ستخفض الضرائب"]),
        (
            "وقالت وزارة الصحة في بيان، الثلاثاء، إن عدد الإصابات ارتفع.",
            &["indirect | وزارة الصحة | قالت | عدد الإصابات ارتفع"],
        ),
        (
            "وأكد الناطق باسم الجيش، العقيد سامي، أن القوات تقدمت.",
            &["indirect | الناطق باسم الجيش، العقيد سامي | أكد | القوات تقدمت"],
        ),
        ("قال الثلاثاء رئيس البلدية إن الطريق سيفتح.", &["indirect | رئيس البلدية | قال | الطريق سيفتح"]),
        ("وقال مسؤول لوكالة الأنباء إن المفاوضات توقفت.", &["indirect | مسؤول | قال | المفاوضات توقفت | vague"]),
        // Subject first.
        ("الوزير قال إن الحكومة ستخفض الضرائب.", &["indirect | الوزير | قال | الحكومة ستخفض الضرائب"]),
        (
            "والسكان يقولون إن المياه انقطعت منذ أسبوع.",
            &["indirect | السكان | يقولون | المياه انقطعت منذ أسبوع | vague"],
        ),
        (
            "الشيخ علي، أحد وجهاء القرية، بدوره، أكد أن الأهالي غادروا.",
            &["indirect | الشيخ علي، أحد وجهاء القرية | أكد | الأهالي غادروا"],
        ),
        ("وكانت الوزارة قد أعلنت أن المدارس ستغلق.", &["indirect | الوزارة | أعلنت | المدارس ستغلق"]),
        // No source named.
        ("وأضاف أن الاجتماع سيعقد غدا.", &["indirect | - | أضاف | الاجتماع سيعقد غدا"]),
        ("وقيل إن الرجل هرب.", &["indirect | - | قيل | الرجل هرب | vague"]),
        // Colon and quotation.
        ("وقال الرئيس: «لن نتراجع عن قرارنا».", &["direct | الرئيس | قال | لن نتراجع عن قرارنا"]),
        ("وتابع قائلا: \"الوضع صعب جدا\".", &["direct | - | تابع | الوضع صعب جدا"]),
        (
            "وقال المدرب \"كان فريقنا أفضل في الشوط الثاني\".",
            &["direct | المدرب | قال | كان فريقنا أفضل في الشوط الثاني"],
        ),
        // Prepositions.
        ("وأشار التقرير إلى أن الأسعار ارتفعت.", &["indirect | التقرير | أشار | الأسعار ارتفعت"]),
        (
            "وكشفت مصادر مطلعة عن وجود خلافات داخل الحكومة.",
            &["indirect | مصادر مطلعة | كشفت | وجود خلافات داخل الحكومة | vague"],
        ),
        ("وشدد الوزير على ضرورة حماية المدنيين.", &["indirect | الوزير | شدد | ضرورة حماية المدنيين"]),
        ("وثائق مسربة كشفت عن صفقة سرية.", &["indirect | وثائق مسربة | كشفت | صفقة سرية | vague"]),
        // Participles continue the claim before them.
        (
            "وقال المحافظ إن الطرق مغلقة، مضيفا أن فرق الإنقاذ تعمل.",
            &["indirect | المحافظ | قال | الطرق مغلقة", "indirect | المحافظ | مضيفا | فرق الإنقاذ تعمل"],
        ),
        // Relays.
        (
            "ونقلت وكالة الأنباء الرسمية عن مسؤول قوله: «الحدود مفتوحة».",
            &["direct | مسؤول | نقلت | الحدود مفتوحة | relay وكالة الأنباء الرسمية | vague"],
        ),
        (
            "وقال الوزير إن الاتفاق وشيك، بحسب ما أوردت صحيفة محلية.",
            &["indirect | الوزير | قال | الاتفاق وشيك | relay صحيفة محلية"],
        ),
        // According to.
        ("وبحسب الشرطة، فإن المشتبه به اعتقل.", &["according_to | الشرطة | بحسب | المشتبه به اعتقل"]),
        (
            "قتل خمسة أشخاص في الحادث، وفقا لوزارة الداخلية.",
            &["according_to | وزارة الداخلية | وفقا | قتل خمسة أشخاص في الحادث"],
        ),
        (
            "وصل الوفد إلى العاصمة، حسبما ذكرت وكالة الأنباء.",
            &["according_to | وكالة الأنباء | حسبما ذكرت | وصل الوفد إلى العاصمة"],
        ),
        ("ويحظر ذلك بحسب القانون.", &[]),
        // Hedges of the article.
        ("يبدو أن الحكومة لم تعد قادرة على الدفع.", &["hedged | - | يبدو | الحكومة لم تعد قادرة على الدفع"]),
        ("ومن المرجح أن تستمر الأزمة طويلا.", &["hedged | - | من المرجح | تستمر الأزمة طويلا"]),
        // Not claims.
        ("يذكر أن الوزير زار المدينة العام الماضي.", &[]),
        ("وصل الوزير بعد أن انتهت الجلسة.", &[]),
        ("انتقل الطالب إلى مدرسة جديدة.", &[]),
        ("وتابع الجيش تقدمه نحو المدينة.", &[]),
        // A cue inside the words of a speaker is not a claim of its own.
        (
            "وقال الشاهد إن الجار أكد له أن النار اشتعلت ليلا.",
            &["indirect | الشاهد | قال | الجار أكد له أن النار اشتعلت ليلا"],
        ),
        // A comment of the article ends the content.
        ("وأعلن الرئيس أنه سيزور المدينة، الأمر الذي لم يحدث.", &["indirect | الرئيس | أعلن | سيزور المدينة"]),
        ("وحذر الوزير من أن الأسعار سترتفع، وهذا يعني أن الحكومة ستتدخل.", &["indirect | الوزير | حذر | الأسعار سترتفع"]),
        // A name whose first letter looks like a preposition keeps it.
        ("وتقول كولينز إن المشروع تأخر.", &["indirect | كولينز | تقول | المشروع تأخر"]),
        // A verb form with ب or ل is a noun or a clause of purpose.
        ("نظم الأهالي حملة لنقل الجرحى، بحجة أن المستشفى مغلق.", &[]),
        // A hedge verb with a subject is an attribution.
        ("ويعتقد المحققون أن السائق فر إلى الجنوب.", &["indirect | المحققون | يعتقد | السائق فر إلى الجنوب"]),
        // The article's expectation credited to a source.
        (
            "ومن المتوقع أن ترتفع المبيعات في العام المقبل بحسب شركة الاستشارات.",
            &["according_to | شركة الاستشارات | بحسب | من المتوقع أن ترتفع المبيعات في العام المقبل"],
        ),
        // بيّن is a reporting verb before أن; بين is the particle.
        ("وبين الوزير أن المشروع سيكتمل في الصيف.", &["indirect | الوزير | بين | المشروع سيكتمل في الصيف"]),
        (
            "وقال الوزير إن المحادثات بين الحكومة والمعارضة ستستأنف.",
            &["indirect | الوزير | قال | المحادثات بين الحكومة والمعارضة ستستأنف"],
        ),
        // An adverbial of response is not a cue; a month is a time adverbial.
        ("وردا على الانتقادات، أعلن اللاعب في أواخر يوليو أنه سيعتزل.", &["indirect | اللاعب | أعلن | سيعتزل"]),
        // A credit line claims nothing.
        ("*نقلا عن صحيفة الرياضة", &[]),
        // A coordinated reporting verb opens a second claim.
        (
            "وأكد المبعوث أنه سيقدم خطة جديدة، ونبه إلى أن الهجمات تعرقل الجهود.",
            &["indirect | المبعوث | أكد | سيقدم خطة جديدة", "indirect | - | نبه | الهجمات تعرقل الجهود"],
        ),
        // A stance is not a claim; the clause after it is.
        ("وأعرب الوزير عن شكره للدول المانحة.", &[]),
        ("وأعرب الوزير عن أمله في أن تنتهي الأزمة قريبا.", &["indirect | الوزير | أعرب | تنتهي الأزمة قريبا"]),
        // ظهر is a verb here, not noon: the apposition stays in the source.
        (
            "وقال المدرب، الذي ظهر متأثرا، إن الفريق سيعود أقوى.",
            &["indirect | المدرب، الذي ظهر متأثرا | قال | الفريق سيعود أقوى"],
        ),
        // A rule is not a source.
        ("وتبنى الشبكة وفق المواصفات الفنية العالمية.", &[]),
        // An envoy's title runs past لدى.
        (
            "وقال سفير اليابان لدى الأمم المتحدة إن الاجتماع سيعقد غدا.",
            &["indirect | سفير اليابان لدى الأمم المتحدة | قال | الاجتماع سيعقد غدا"],
        ),
        // A plural verb follows its subject: what comes after it is an adverbial.
        (
            "لكن المهندسين العاملين في المصنع قالوا في رسالة للإدارة إن الآلات قديمة.",
            &["indirect | المهندسين العاملين في المصنع | قالوا | الآلات قديمة"],
        ),
        // An outlet after ل is the addressee, not part of the source.
        ("وأكد المتحدث لرويترز أن الاتفاق وقع.", &["indirect | المتحدث | أكد | الاتفاق وقع"]),
        ("وقالت الوزيرة مازحة إن الطقس لطيف.", &["indirect | الوزيرة | قالت | الطقس لطيف"]),
        // The antecedent of a relative pronoun, after its preposition.
        (
            "وهذا المطار تابع لشركة الطيران الوطنية التي قالت إنها ستعوض المسافرين.",
            &["indirect | شركة الطيران الوطنية | قالت | ستعوض المسافرين"],
        ),
        // The relative pronoun is the object: the subject is not written.
        ("وأشاد الرئيس بالخطة التي وصفها بأنها \"تاريخية\".", &["direct | - | وصفها | تاريخية"]),
        // A connector after a comma opens a claim of its own.
        (
            "وقالت الشركة إن أرباحها ارتفعت، فيما رأى المحللون أن الارتفاع مؤقت.",
            &["indirect | الشركة | قالت | أرباحها ارتفعت", "indirect | المحللون | رأى | الارتفاع مؤقت | vague"],
        ),
        // A participle with its object.
        (
            "وتعهد الوزير بإصلاح الطرق، مؤكدا ضرورة زيادة الميزانية.",
            &["indirect | الوزير | تعهد | إصلاح الطرق", "indirect | الوزير | مؤكدا | ضرورة زيادة الميزانية"],
        ),
        // An according-to phrase between the cue and the quotation is a relay.
        (
            "وأضاف، بحسب رويترز، \"لن نتراجع عن هذا القرار مهما حدث\".",
            &["direct | - | أضاف | لن نتراجع عن هذا القرار مهما حدث | relay رويترز"],
        ),
        // Subject first, an adverbial, then the object.
        ("وكانت الحكومة أعلنت، الأحد، موافقتها على الخطة.", &["indirect | الحكومة | أعلنت | موافقتها على الخطة"]),
        // A verb of judging with an object pronoun: subject, then predicate.
        ("وأطلقت الحكومة خطة جديدة، واعتبرها البرلمان خطوة متأخرة.", &["indirect | البرلمان | اعتبرها | خطوة متأخرة"]),
        // A negated report and the article's own inference claim nothing.
        ("ولم تؤكد الشرطة أن المشتبه به غادر البلاد.", &[]),
        ("وارتفعت الأسعار مرة أخرى، مما يشير إلى أن التضخم مستمر.", &[]),
        // A threat with its content.
        ("وهدد العمال بالإضراب إذا لم ترفع الأجور.", &["indirect | العمال | هدد | الإضراب إذا لم ترفع الأجور"]),
        // The verb of an according-to phrase keeps its preposition.
        (
            "غرق قارب يقل عشرين مهاجرا، وفق ما أعلنت عنه السلطات المحلية.",
            &["according_to | السلطات المحلية | وفق ما أعلنت عنه | غرق قارب يقل عشرين مهاجرا"],
        ),
        // A spokeswoman is a source, not a manner of speaking; a verb with a
        // preposition and pronoun after it is in a relative clause.
        (
            "وقالت المتحدثة باسم الوزارة سارة أحمد إن الاجتماع تأجل.",
            &["indirect | المتحدثة باسم الوزارة سارة أحمد | قالت | الاجتماع تأجل"],
        ),
        ("ونشر اللاعب تغريدة قال فيها إنه سيعتزل.", &["indirect | - | قال | سيعتزل"]),
    ];
    crate::analyze::table_rows::assert_rows(table, render);
}
