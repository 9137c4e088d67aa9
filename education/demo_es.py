"""The Spanish versions of the demo education content, written for this project.

Plain Spanish for patients; medical words follow the Spanish NCI Dictionary of Cancer Terms
(trasplante de células madre, células T, síndrome de liberación de citocinas). Keyed by the
English slug (treatments, cancer types, topics) or the English question (FAQs).
"""

TREATMENTS = {
    "stem-cell-transplant": {
        "name": "Trasplante de células madre",
        "short_description": "Células sanas que forman la sangre, suyas o de un donante, "
        "reconstruyen la sangre y el sistema inmunitario después de un tratamiento fuerte.",
    },
    "antibody-infusions": {
        "name": "Infusiones de anticuerpos",
        "short_description": "Anticuerpos hechos en un laboratorio, que se administran por una "
        "vena y llevan a sus células inmunitarias hacia el cáncer.",
    },
    "checkpoint-inhibitors": {
        "name": "Inhibidores de puntos de control",
        "short_description": "Medicamentos que quitan los frenos que el cáncer pone a las "
        "células inmunitarias.",
    },
    "car-t-cell-therapy": {
        "name": "Terapia de células T con CAR",
        "short_description": "Sus propias células T, modificadas en un laboratorio para "
        "encontrar el cáncer, y luego devueltas a su cuerpo.",
    },
}

CANCER_TYPES = {
    "leukemia": "Leucemia",
    "lymphoma": "Linfoma",
    "myeloma": "Mieloma múltiple",
    "myelodysplastic-syndromes": "Síndromes mielodisplásicos",
    "melanoma": "Melanoma",
    "lung-cancer": "Cáncer de pulmón",
}

REVIEWER = "Dana Ortiz, MD, Programa de Inmunoterapia"

TOPICS = {
    "what-is-immunotherapy": {
        "title": "¿Qué es la inmunoterapia?",
        "summary": "La inmunoterapia es un tratamiento que ayuda a su propio sistema "
        "inmunitario a encontrar y destruir las células cancerosas.",
        "body": """
Su sistema inmunitario le protege todos los días. Los glóbulos blancos recorren su cuerpo,
revisan las células y eliminan los gérmenes y las células dañadas. La **inmunoterapia** es un
tratamiento del cáncer que fortalece esta defensa natural, o la dirige hacia el cáncer.

## En qué se diferencia de la quimioterapia

La quimioterapia y la radiación atacan directamente a las células cancerosas. La
inmunoterapia, en cambio, actúa a través de su sistema inmunitario: enseña, libera o añade
células inmunitarias para que *ellas* hagan el trabajo. Algunas personas reciben los dos
tipos de tratamiento.

## Las formas principales que ofrecemos

- **Trasplante de células madre.** Nuevas células que forman la sangre, a menudo de un
  donante, crecen hasta formar un sistema inmunitario nuevo que puede reconocer y atacar el
  cáncer que queda.
- **Infusiones de anticuerpos.** Se administran por una vena anticuerpos hechos en un
  laboratorio. Algunos unen sus células T a las células cancerosas; otros apagan las señales
  que el cáncer usa para esconderse.
- **Terapia de células T con CAR.** Se extraen sus propias células T, se modifican en un
  laboratorio para que encuentren el cáncer y luego se le devuelven.

## ¿Es adecuada para mí?

La inmunoterapia funciona muy bien en algunos tipos de cáncer y en algunas personas, y menos
en otras. Su equipo de atención tiene en cuenta el tipo de cáncer, los tratamientos
anteriores, su salud general y sus deseos. Muchas formas nuevas de inmunoterapia se ofrecen
primero en estudios clínicos.
""",
    },
    "why-cancer-hides": {
        "title": "Por qué el cáncer puede esconderse del sistema inmunitario",
        "summary": "El cáncer nace de sus propias células, así que el sistema inmunitario no "
        "siempre lo ve como una amenaza. Así se escapa el cáncer, y así responde el tratamiento.",
        "body": """
Si el sistema inmunitario es tan bueno para eliminar células dañadas, ¿por qué crece el
cáncer? Hay varias razones.

## El cáncer empieza como algo "propio"

Las células cancerosas vienen de las células del propio cuerpo. El sistema inmunitario está
entrenado para no atacar lo "propio", así que al principio el cáncer puede parecer conocido
e inofensivo.

## Cambios que hacen más difícil ver las células

A medida que el cáncer crece, sus genes cambian. Algunos cambios reducen las señales de la
superficie de la célula que las células inmunitarias usan para detectar problemas, y el
cáncer se vuelve más difícil de notar.

## Apagar las células inmunitarias

Las células inmunitarias tienen "puntos de control": interruptores que les impiden atacar
el tejido sano. Algunas células cancerosas tienen en su superficie proteínas que activan
estos interruptores, y las células T que llegan al cáncer se detienen en lugar de atacar.

## Lo que puede hacer el tratamiento

La inmunoterapia responde a cada uno de estos trucos. Algunos tratamientos refuerzan todo el
sistema inmunitario. Otros van directamente contra las células cancerosas, por ejemplo
bloqueando los interruptores de apagado (inhibidores de puntos de control) o dando a las
células T una nueva forma de reconocer el cáncer (terapia de células T con CAR).
""",
    },
    "stem-cell-transplant": {
        "title": "Trasplante de células madre, incluida la sangre de cordón umbilical",
        "summary": "Un trasplante de células madre reemplaza las células que forman la sangre "
        "enfermas por células sanas. Las células de un donante también pueden formar un "
        "sistema inmunitario nuevo que combate el cáncer.",
        "body": """
Las células madre de la médula ósea producen todas sus células de la sangre, incluidas las
células inmunitarias que combaten las infecciones. Un **trasplante de células madre** (a
veces llamado trasplante de médula ósea o TMO) le da células madre sanas después de que un
tratamiento fuerte haya eliminado las enfermas.

Nuestro programa de trasplantes ha hecho más de 3400 trasplantes de células madre en sus 40
años.

## Dos tipos principales

- **Trasplante autólogo:** las células madre son suyas; se recogen antes del tratamiento y
  se le devuelven después.
- **Trasplante alogénico:** las células madre vienen de un donante. Las células del donante
  forman un sistema inmunitario nuevo, que puede encontrar y destruir las células
  cancerosas que quedan. Por eso el trasplante alogénico es una forma de inmunoterapia.

## De dónde vienen las células del donante

El donante puede ser un hermano o una hermana, otro familiar que sea compatible a medias, o
un voluntario que se encuentra en un registro de donantes. La **sangre de cordón umbilical**,
que donan los padres después del nacimiento de un bebé, es otra fuente. La sangre de cordón
no necesita ser tan compatible, lo que ayuda a los pacientes que no tienen un donante
totalmente compatible.

## Qué puede esperar

1. Pruebas y visitas para prepararse, y la búsqueda de un donante si lo necesita.
2. Acondicionamiento: quimioterapia, a veces con radiación, durante varios días.
3. El trasplante en sí, que se administra por una vena como una transfusión de sangre.
4. La recuperación, mientras las células nuevas se asientan y empiezan a producir sangre. La
   mayoría de las personas se quedan cerca del centro varias semanas y necesitan a un
   cuidador con ellas.

## Riesgos

Las infecciones son un riesgo hasta que el sistema inmunitario nuevo funciona. Después de un
trasplante de donante, las células inmunitarias nuevas pueden atacar tejido sano (enfermedad
de injerto contra huésped). Su equipo vigila de cerca ambas cosas y las trata a tiempo.
""",
    },
    "antibody-infusions": {
        "title": "Infusiones de anticuerpos",
        "summary": "Los anticuerpos hechos en un laboratorio, que se administran por una vena, "
        "pueden llevar sus células T hacia las células cancerosas o marcarlas para destruirlas.",
        "body": """
Los anticuerpos son proteínas que el sistema inmunitario produce para marcar los gérmenes
que hay que atacar. Los científicos pueden hacer en un laboratorio anticuerpos que reconocen
una señal de las células cancerosas.

## Cómo funcionan

- Algunos anticuerpos se pegan a una señal de las células cancerosas y llaman a otras
  células inmunitarias para que ataquen.
- Los **anticuerpos biespecíficos** se unen a dos cosas a la vez: una célula cancerosa y una
  de sus células T. Al juntarlas, dirigen sus células T contra el cáncer.
- Algunos anticuerpos llevan un medicamento o una partícula radiactiva directamente a la
  célula cancerosa.

## Cómo se recibe una infusión

Una infusión es un medicamento que se administra despacio por una vena, sentado en un sillón
de la clínica o, con algunos medicamentos, durante una estancia corta en el hospital.
Algunos tratamientos duran unas horas cada pocas semanas; otros se administran sin parar
durante varios días con una pequeña bomba portátil.

## Efectos secundarios

Muchas personas tienen fiebre, escalofríos o cansancio con las primeras dosis. Algunos
anticuerpos pueden causar una reacción inmunitaria fuerte llamada síndrome de liberación de
citocinas, por eso las primeras dosis pueden darse en el hospital. Sus enfermeras le dirán a
qué debe estar atento y a quién llamar.
""",
    },
    "checkpoint-inhibitors": {
        "title": "Inhibidores de puntos de control",
        "summary": "Los inhibidores de puntos de control son infusiones que impiden que el "
        "cáncer apague sus células T, para que el sistema inmunitario pueda atacar de nuevo.",
        "body": """
Las células T tienen interruptores de apagado, llamados puntos de control, como PD-1 y
CTLA-4. Sirven para que el sistema inmunitario no dañe el tejido sano. Algunos tipos de
cáncer activan estos interruptores para protegerse.

## Qué hace el medicamento

Un **inhibidor de puntos de control** es un anticuerpo que bloquea el interruptor, para que
las células T sigan activas y puedan atacar el cáncer. Algunos ejemplos son el pembrolizumab
y el nivolumab, que bloquean PD-1, y el ipilimumab, que bloquea CTLA-4.

## Cómo se administra

Los inhibidores de puntos de control son infusiones por una vena, por lo general cada dos a
seis semanas, en una clínica ambulatoria. El tratamiento puede seguir durante meses,
mientras ayude y los efectos secundarios se puedan controlar.

## Efectos secundarios

Como el sistema inmunitario está más activo, a veces puede inflamar órganos sanos: la piel,
el intestino, el hígado, los pulmones o las glándulas que producen hormonas. Avise pronto a
su equipo si tiene diarrea nueva, tos, sarpullido o un cansancio fuera de lo común. La
mayoría de estos efectos se pueden tratar si se detectan a tiempo.
""",
    },
    "car-t-cell-therapy": {
        "title": "Terapia de células T con CAR",
        "summary": "La terapia de células T con CAR modifica sus propias células T en un "
        "laboratorio para que puedan encontrar y matar las células cancerosas, y luego se las "
        "devuelve en una sola infusión.",
        "body": """
Las células T son células inmunitarias que matan las células infectadas o anormales. En la
**terapia de células T con CAR**, sus propias células T se modifican para que lleven un
receptor nuevo, un *receptor de antígeno quimérico* (CAR), que se engancha a una señal de sus
células cancerosas.

## Los pasos

1. **Recolección.** Se le saca sangre con una máquina que guarda las células T y le devuelve
   el resto. Esto toma unas horas.
2. **Fabricación.** En un laboratorio especializado, a las células T se les da el CAR y se
   multiplican hasta formar muchos millones de células. Esto toma unas semanas.
3. **Preparación.** Unos días de quimioterapia en dosis bajas dejan espacio para las células
   nuevas.
4. **Infusión.** Las células T con CAR se le devuelven por una vena, por lo general en menos
   de una hora.
5. **Vigilancia de cerca.** Usted se queda en el hospital o cerca de él varias semanas,
   porque los efectos secundarios más fuertes suelen aparecer en los primeros días.

## Terapias de células T con CAR aprobadas que ofrecemos

Nuestro centro fue uno de los primeros en ofrecer las terapias de células T con CAR
aprobadas por la FDA:

- **YESCARTA** (axicabtagene ciloleucel), para adultos con ciertos tipos de linfoma no
  Hodgkin.
- **KYMRIAH** (tisagenlecleucel), para pacientes de hasta 25 años con leucemia linfoblástica
  aguda que volvió (recidivante) o que no respondió al tratamiento (resistente).

Otras terapias de células T con CAR y nuevos objetivos se estudian en estudios clínicos.

## Efectos secundarios

Las células nuevas pueden causar el síndrome de liberación de citocinas (fiebre, presión
arterial baja, dificultad para respirar) y efectos en el sistema nervioso, como confusión o
dificultad para hablar. El equipo está capacitado para detectarlos y tratarlos rápido.
Necesitará a un cuidador con usted las primeras semanas y no deberá manejar durante un
tiempo.
""",
    },
    "clinical-trials-explained": {
        "title": "Los estudios clínicos, explicados",
        "summary": "Los estudios clínicos prueban tratamientos nuevos con voluntarios. Así "
        "funcionan, así se le protege y así puede preguntar por uno.",
        "body": """
Un **estudio clínico** es una investigación que prueba un tratamiento nuevo, una combinación
nueva o una forma nueva de dar un tratamiento. Muchas de las inmunoterapias de hoy, incluida
la terapia de células T con CAR, se volvieron tratamiento habitual porque hubo pacientes que
participaron en estudios.

## Fases

- Los estudios de **fase 1** buscan una dosis segura y aprenden sobre los efectos
  secundarios, por lo general en un grupo pequeño.
- Los estudios de **fase 2** comprueban si el tratamiento funciona para cierto tipo de
  cáncer.
- Los estudios de **fase 3** comparan el tratamiento nuevo con el tratamiento habitual en un
  grupo más grande.

## Su seguridad y su decisión

Un comité de ética revisa cada estudio antes de que empiece. Antes de que usted participe,
el equipo del estudio le explica el estudio, sus posibles riesgos y beneficios y sus otras
opciones, y le pide su consentimiento por escrito. Puede dejar un estudio en cualquier
momento, y su atención continúa.

## Quién puede participar

Cada estudio tiene requisitos, como el tipo y el estadio del cáncer, los tratamientos
anteriores, la edad y la salud general. Los requisitos protegen a los voluntarios y hacen
que los resultados sean confiables. Nuestras enfermeras de estudios clínicos pueden
revisarlos con usted.

## Cómo encontrar un estudio

Pregunte a su médico, llame a nuestras enfermeras de estudios clínicos o busque en nuestra
lista de estudios abiertos. Puede filtrar por tipo de cáncer, tratamiento, fase y edad.
""",
    },
    "travel-and-comfort-guide": {
        "title": "Guía de viaje y comodidad",
        "summary": "¿Viene de fuera de la ciudad para el tratamiento? Dónde quedarse, cómo "
        "llegar y lo que nuestro equipo de atención al paciente puede organizar para usted y "
        "su familia.",
        "body": """
Tratamientos como el trasplante y la terapia de células T con CAR suelen exigir quedarse
cerca del centro varias semanas. Nuestro equipo de atención al paciente le ayuda a usted y a
su familia a planear, para que pueda concentrarse en mejorar.

## Lo que puede hacer el equipo de atención al paciente

- Ayudar a programar citas y segundas opiniones, y reunir los expedientes de otros médicos.
- Sugerir lugares cercanos para quedarse, incluidas tarifas de hotel con descuento y
  apartamentos por temporadas cortas.
- Explicar el estacionamiento, los autobuses de enlace y el transporte público al centro.
- Poner a los pacientes internacionales en contacto con intérpretes y ayudar con las cartas
  para la visa.
- Indicarle asesores financieros y programas de apoyo para los gastos de viaje.

## Cómo planear su estancia

- Planee que un cuidador se quede con usted todo el tiempo. Después de un trasplante o de la
  terapia de células T con CAR, necesitará a alguien con usted de día y de noche.
- Elija un lugar para quedarse a unos 30 minutos del centro como máximo.
- Traiga una lista de sus medicamentos, su tarjeta del seguro médico y una identificación con
  foto.

## Comodidad mientras está aquí

Nuestras unidades de infusión y de trasplante ofrecen mantas calientes, wifi, salas
tranquilas y espacio para un familiar. Pregunte por los grupos de apoyo, la consejería y los
programas para los niños de la familia.
""",
    },
}

FAQS = {
    "Does immunotherapy work for every kind of cancer?": (
        "¿La inmunoterapia funciona para todos los tipos de cáncer?",
        "No. Funciona muy bien para algunos tipos de cáncer y todavía no para otros. Su médico "
        "le explicará si una inmunoterapia aprobada o un estudio clínico es adecuado para su "
        "situación.",
    ),
    "Is immunotherapy the same as chemotherapy?": (
        "¿La inmunoterapia es lo mismo que la quimioterapia?",
        "No. La quimioterapia ataca directamente a las células que crecen rápido. La "
        "inmunoterapia ayuda a su sistema inmunitario a atacar el cáncer. Algunos planes de "
        "tratamiento usan las dos.",
    ),
    "Will my insurance cover immunotherapy?": (
        "¿Mi seguro médico cubrirá la inmunoterapia?",
        "La mayoría de las inmunoterapias aprobadas las cubre el seguro, pero los planes son "
        "distintos. Nuestros asesores financieros revisan su cobertura antes de empezar el "
        "tratamiento y le ayudan con las autorizaciones previas.",
    ),
    "Do I need a perfectly matched donor?": (
        "¿Necesito un donante totalmente compatible?",
        "No siempre. Los familiares compatibles a medias y la sangre de cordón umbilical son "
        "opciones cuando no se encuentra un donante totalmente compatible. Su equipo de "
        "trasplante le explicará qué fuente es la mejor para usted.",
    ),
    "How long will I stay near the center after a transplant?": (
        "¿Cuánto tiempo me quedaré cerca del centro después de un trasplante?",
        "La mayoría de las personas se quedan cerca varias semanas después de un trasplante "
        "de donante, y necesitan a un cuidador con ellas. Nuestro equipo de atención al "
        "paciente puede ayudarle a encontrar un lugar para quedarse.",
    ),
    "Is donating stem cells painful for the donor?": (
        "¿Donar células madre le duele al donante?",
        "La mayoría de los donantes dan células de la sangre con una máquina, y se siente como "
        "una donación de sangre larga. Algunos donantes dan médula del hueso de la cadera con "
        "anestesia. Por lo general, ambas formas se toleran bien.",
    ),
    "How long does CAR T-cell therapy take from start to finish?": (
        "¿Cuánto dura la terapia de células T con CAR de principio a fin?",
        "Por lo general pasan unas semanas entre la recolección de sus células T y la "
        "infusión, mientras se fabrican las células. Después de la infusión, cuente con "
        "quedarse cerca del centro unas cuatro semanas.",
    ),
    "Who can receive KYMRIAH or YESCARTA?": (
        "¿Quién puede recibir KYMRIAH o YESCARTA?",
        "KYMRIAH está aprobado para pacientes de hasta 25 años con leucemia linfoblástica "
        "aguda que volvió o que no respondió al tratamiento. YESCARTA está aprobado para "
        "adultos con ciertos linfomas no Hodgkin. Su médico comprobará si usted reúne los "
        "requisitos.",
    ),
    "Which side effects should I report right away?": (
        "¿Qué efectos secundarios debo avisar enseguida?",
        "Llámenos enseguida si tiene diarrea nueva, tos o falta de aire, un sarpullido que se "
        "extiende, la piel o los ojos amarillos, o un cansancio muy fuerte. Pueden ser señales "
        "de una inflamación que es más fácil de tratar si se detecta a tiempo.",
    ),
    "Can I leave a clinical trial after I join?": (
        "¿Puedo dejar un estudio clínico después de entrar?",
        "Sí. Puede dejarlo en cualquier momento, por cualquier motivo, y nuestro equipo seguirá "
        "atendiéndole.",
    ),
    "Will I get a placebo instead of treatment?": (
        "¿Me darán un placebo en lugar de tratamiento?",
        "Los estudios de cáncer casi nunca dan solo un placebo. Cuando un estudio compara "
        "tratamientos, todos reciben por lo menos el tratamiento habitual. El equipo del "
        "estudio se lo dirá antes de que usted acepte.",
    ),
    "Can a family member stay with me during treatment?": (
        "¿Puede quedarse un familiar conmigo durante el tratamiento?",
        "Sí. Se lo recomendamos, y después de un trasplante o de la terapia de células T con "
        "CAR es obligatorio tener un cuidador. Pregunte a nuestro equipo de atención al "
        "paciente por alojamiento cercano para familias.",
    ),
    "How do I ask for a second opinion?": (
        "¿Cómo pido una segunda opinión?",
        "Llámenos o envíenos un mensaje con nuestro formulario de contacto. Una persona "
        "coordinadora reunirá sus expedientes y le dará una cita con un especialista.",
    ),
}
