# ruff: noqa: E501  (summaries are single sentences)
"""The Spanish versions of the seeded notices (cancercenter/pages/notices.py), written for
this project in plain Spanish for patients. Template text like the English: the center's
privacy and compliance officers review both before launch."""

REVIEW_NOTE = (
    "> **Texto de plantilla.** Este aviso se escribió como punto de partida para el portal. "
    "Su responsable de privacidad y su oficina de cumplimiento deben revisarlo y adaptarlo "
    "a su organización antes de publicar el sitio.\n\n"
)

NOTICES_ES = {
    "notice-of-privacy-practices": {
        "title": "Aviso de prácticas de privacidad",
        "summary": "Cómo podemos usar y compartir su información de salud, y sus derechos sobre ella.",
        "body": REVIEW_NOTE
        + """Este aviso explica cómo se puede usar y compartir su información médica y cómo
puede usted obtener acceso a ella. Léalo con atención.

## Sus derechos

Sobre su información de salud, usted tiene derecho a:

- **Obtener una copia de su expediente médico**, en papel o en formato electrónico.
  Normalmente se la entregamos en un plazo de 30 días y podemos cobrar un costo razonable.
- **Pedirnos que corrijamos su expediente** si cree que tiene errores o le falta algo.
- **Pedir comunicaciones confidenciales**, por ejemplo en otra dirección o teléfono.
- **Pedirnos que limitemos lo que usamos o compartimos.** No estamos obligados a aceptar,
  salvo que, si usted paga un servicio completo por su cuenta, puede pedirnos que no lo
  compartamos con su seguro.
- **Recibir una lista de con quién hemos compartido su información** en los seis años
  anteriores a su pedido.
- **Recibir una copia de este aviso** en papel en cualquier momento.
- **Elegir a alguien que actúe por usted**, como un tutor legal o la persona con su poder
  notarial para asuntos médicos.
- **Presentar una queja** si cree que no se respetaron sus derechos (vea abajo).

## Cómo usamos y compartimos su información

- **Para atenderle**, por ejemplo al compartir sus resultados con los médicos que le tratan.
- **Para dirigir nuestra organización**, por ejemplo para mejorar la calidad de la atención.
- **Para facturar sus servicios**, por ejemplo a su seguro médico.
- **De otras formas que la ley permite o exige**: salud y seguridad públicas, investigación
  con reglas estrictas, pedidos legales y para evitar un daño grave.

Nunca venderemos su información ni la usaremos para publicidad sin su permiso por escrito.

## Nuestras responsabilidades

La ley nos obliga a mantener su información de salud privada y segura, a avisarle pronto si
una filtración pudo afectarla y a cumplir lo que dice este aviso. Podemos cambiar este aviso;
el nuevo estará en nuestro sitio web y disponible si lo pide.

## Preguntas y quejas

Comuníquese con nuestro responsable de privacidad con los datos de nuestra página de
contacto. También puede presentar una queja ante la Oficina de Derechos Civiles del
Departamento de Salud y Servicios Humanos de EE. UU. No habrá represalias por presentar una
queja.
""",
    },
    "nondiscrimination": {
        "title": "Aviso de no discriminación",
        "summary": "No discriminamos, y ofrecemos ayudas y servicios de idiomas gratuitos.",
        "body": REVIEW_NOTE
        + """Cumplimos las leyes federales de derechos civiles y no discriminamos por raza,
color, origen nacional, edad, discapacidad o sexo (incluidas la orientación sexual y la
identidad de género). No excluimos a nadie ni le tratamos de forma diferente por ninguno de
estos motivos.

## Ayuda gratuita que ofrecemos

- **Para personas con discapacidad:** intérpretes calificados de lengua de señas e
  información escrita en otros formatos, como letra grande, audio y formatos electrónicos
  accesibles.
- **Para personas cuyo primer idioma no es el inglés:** intérpretes calificados e
  información escrita en otros idiomas.

Si necesita estos servicios, llame al número que aparece arriba en cada página de este sitio.

## Si cree que no le dimos estos servicios

Puede presentar una queja ante nuestro coordinador de derechos civiles en persona, por correo
postal o por correo electrónico; el coordinador puede ayudarle a hacerlo. También puede
presentar una queja de derechos civiles ante la Oficina de Derechos Civiles del
Departamento de Salud y Servicios Humanos de EE. UU.
""",
    },
    "language-assistance": {
        "title": "Asistencia con el idioma",
        "summary": "Intérpretes e información traducida gratis, en su idioma.",
        "body": REVIEW_NOTE
        + """Los intérpretes y la información traducida son gratuitos para pacientes y
familias. Pídalo a cualquier miembro de nuestro personal o llámenos: díganos qué idioma
habla y le conectaremos con un intérprete, por teléfono, por video o en persona.
""",
    },
    "privacy": {
        "title": "Política de privacidad del sitio web",
        "summary": "Qué recoge nuestro sitio web, para qué, cuánto tiempo lo guardamos y qué nunca hace.",
        "body": REVIEW_NOTE
        + """## Qué recoge este sitio web

- **Formularios.** Cuando envía un formulario (una donación, una pregunta, una consulta sobre
  un estudio, su historia), guardamos lo que escribió para que nuestro personal pueda
  responderle. No envíe expedientes médicos por un formulario.
- **Las fotos** que envía con una historia siguen siendo privadas hasta que usted dé permiso
  por escrito para publicarlas.
- **Los registros del servidor** anotan las páginas pedidas, por seguridad y para que el
  sitio funcione.

## Lo que este sitio web nunca hace

- No usa publicidad ni programas de rastreo, ni análisis de terceros, ni botones de redes
  sociales.
- Nunca vendemos lo que nos envía ni lo compartimos para publicidad.

## Cuánto tiempo lo guardamos

Los formularios se borran cuando se cierran y pasa el plazo que fija nuestra política de
archivos. Los registros del servidor se guardan solo por poco tiempo.

## Sus opciones

Puede pedirnos ver, corregir o borrar lo que envió por este sitio web comunicándose con
nosotros. Para su expediente médico, vea nuestro Aviso de prácticas de privacidad.
""",
    },
    "accessibility": {
        "title": "Declaración de accesibilidad",
        "summary": "Queremos un sitio web que todos puedan usar. Díganos cuando algo le cause dificultad.",
        "body": REVIEW_NOTE
        + """Queremos que todas las personas puedan usar este sitio web, incluidas las que
usan un lector de pantalla, el teclado, control por voz, ampliación o letra más grande.

## Nuestra meta

Buscamos cumplir las Pautas de Accesibilidad para el Contenido Web (WCAG) 2.2 en el nivel
AA. Cada página se revisa con pruebas automáticas de accesibilidad, con el teclado, a 320
píxeles de ancho y con el texto ampliado al 200 %.

## Informe de una barrera

Si algo de este sitio le resulta difícil de usar, díganoslo: llámenos o envíenos un mensaje
con nuestro formulario de contacto y elija «Otra cosa». Indique la página y qué le causó
dificultad. Le responderemos y, mientras tanto, le daremos la información de otra forma.
""",
    },
    "patient-rights": {
        "title": "Derechos y responsabilidades del paciente",
        "summary": "Lo que puede esperar de nosotros, y cómo puede ayudarnos a cuidarle.",
        "body": REVIEW_NOTE
        + """## Sus derechos

- A recibir un trato digno y respetuoso, sin discriminación.
- A recibir información sobre su diagnóstico, tratamiento y pronóstico en palabras que
  entienda, con un intérprete gratuito si lo necesita.
- A participar en las decisiones sobre su atención, a rechazar un tratamiento y a pedir una
  segunda opinión.
- A la privacidad, y a ver su expediente médico y obtener una copia.
- A decidir si participa en una investigación; decir que no nunca cambia su atención.
- A nombrar a alguien que tome decisiones por usted si usted no puede.
- A expresar una inquietud o queja sin miedo, y a recibir una respuesta.

## Sus responsabilidades

- Darnos información completa sobre su salud, sus medicamentos y sus alergias.
- Preguntar cuando no entienda algo.
- Seguir el plan de atención que acordó, o avisarnos si no puede.
- Tratar con respeto al personal y a los demás pacientes.
""",
    },
}
