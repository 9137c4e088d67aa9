"""The Spanish versions of the demo stories, written for this project (keyed by slug)."""

STORIES = {
    "elena-cord-blood-transplant": {
        "title": "La leucemia volvió. La sangre de cordón me dio una segunda oportunidad",
        "teaser": "Elena enfrentó la leucemia dos veces. Cuando volvió, un trasplante de sangre "
        "de cordón umbilical reconstruyó su sistema inmunitario, y desde entonces está en "
        "remisión.",
        "pull_quote": "En algún lugar, una familia que nunca conoceré me devolvió la vida.",
        "photo_alt": "Una ilustración abstracta: círculos cálidos que suben sobre un fondo azul "
        "oscuro.",
        "body": """
La primera vez que oí la palabra *leucemia*, estaba planeando un jardín. La quimioterapia
funcionó, y durante un tiempo la vida volvió a la normalidad. Luego, en un control de rutina,
mis recuentos de sangre volvieron a salir mal. La leucemia había regresado.

## En busca de un donante

Mis médicos me explicaron que un trasplante de células madre me daba la mejor oportunidad de
curarme: nuevas células que forman la sangre crearían un sistema inmunitario nuevo, capaz de
encontrar y destruir las células cancerosas que la quimioterapia no había eliminado. Lo
difícil era encontrar un donante. Nadie en mi familia era compatible, y el registro tampoco
encontró a alguien lo bastante compatible.

Entonces el equipo de trasplante me habló de la **sangre de cordón umbilical**. Los padres la
donan después del nacimiento de un bebé y, como no necesita ser tan compatible, puede servir
para personas como yo.

## Las semanas en el hospital

El acondicionamiento fue lo más duro: varios días de quimioterapia fuerte para vaciar mi
médula. El trasplante en sí fue casi algo común, una bolsa de células por mi catéter, como
una transfusión. Después vino la espera, mientras las células nuevas se asentaban. Mi hermana
se mudó conmigo para cuidarme, y las enfermeras nos enseñaron a qué estar atentas.

## Hoy

Mis recuentos se recuperaron, y mis médicos me dijeron que estaba en remisión. Todavía voy a
mis controles, y todavía pienso en la familia que donó esa sangre de cordón. Esta primavera
por fin planté el jardín.
""",
    },
    "marcus-car-t-husband-and-father": {
        "title": "De vuelta en la cancha: la historia de un padre con la terapia CAR T",
        "teaser": "Cuando el linfoma volvía una y otra vez, a Marcus, esposo y padre de dos "
        "hijos, le modificaron sus propias células T para combatirlo. Hoy vuelve a entrenar al "
        "equipo de sus hijos.",
        "pull_quote": "Mis propias células hicieron el trabajo. El equipo solo les enseñó dónde "
        "buscar.",
        "photo_alt": "Una ilustración abstracta: círculos verdes y azules, como una cancha.",
        "body": """
Entreno al equipo de fútbol de mi hijo y al de sóftbol de mi hija, así que me di cuenta
cuando ya no podía seguir el ritmo en los entrenamientos. El diagnóstico fue linfoma no
Hodgkin. Probamos la quimioterapia, y luego más quimioterapia, y cada vez el linfoma volvía.

## Un tratamiento hecho de mí

Mi oncólogo me propuso la **terapia de células T con CAR**. Primero, mi sangre pasó por una
máquina que guardó parte de mis células T. Esas células fueron a un laboratorio, donde las
modificaron para que reconocieran el linfoma y las multiplicaron por millones. Unas semanas
después, tras una quimioterapia corta, me las devolvieron por una vena. La infusión duró
menos que uno de mis entrenamientos.

## Los días difíciles

La primera semana fue dura: fiebre alta y un par de días en que estaba confundido y no
encontraba las palabras. El equipo nos había advertido que podía pasar y sabía exactamente
qué hacer. Mi esposa se quedó conmigo todo el tiempo, y vivimos cerca del hospital durante
un mes para que el equipo pudiera vigilarme.

## Otra vez en casa

Mis estudios de imagen salieron limpios. Todavía tengo visitas de seguimiento, y me cuido,
pero cada sábado estoy otra vez junto a la cancha, gritando demasiado fuerte, como antes.
""",
    },
    "priya-clinical-trial-no-donor-match": {
        "title": "Sin un donante totalmente compatible, y un estudio clínico que lo cambió todo",
        "teaser": "Priya tenía una leucemia agresiva y ningún donante totalmente compatible. "
        "Una inmunoterapia en infusión, ofrecida en un estudio clínico, la llevó a la remisión "
        "completa.",
        "pull_quote": "Decir que sí al estudio fue lo más valiente que he hecho.",
        "photo_alt": "Una ilustración abstracta: formas suaves rosadas y blancas sobre azul "
        "oscuro.",
        "body": """
Mi leucemia era de las agresivas, y no respondió como esperaban mis médicos. Un trasplante
podría haber ayudado, pero había un problema: ningún donante era totalmente compatible
conmigo.

## Cuando supe del estudio

Mi equipo de atención me habló de un **estudio clínico** de una inmunoterapia nueva, una
infusión de anticuerpos hecha para acercar mis propias células T a las células de la
leucemia. La enfermera de investigación lo repasó todo conmigo: lo que se sabía, lo que no,
los posibles efectos secundarios, y que podía dejar el estudio en cualquier momento. Me llevé
los papeles a casa, hablé con mi familia y firmé.

## Las infusiones

El medicamento entraba despacio por una pequeña bomba que llevaba conmigo. Los primeros días
tuve fiebre y escalofríos, y me quedé en el hospital mientras el equipo vigilaba por si había
una reacción inmunitaria fuerte. Después, casi siempre fui como paciente ambulatoria, con
muchos análisis de sangre.

## Remisión completa

Unos meses después, mi médica se sentó y me dijo las palabras *remisión completa*. Lloré, y
ella también. El estudio le enseñó algo al equipo, y a mí me dio un futuro. Si le ofrecen un
estudio, haga todas las preguntas que tenga. Usted merece las respuestas.
""",
    },
}

ILLUSTRATION_CREDIT = "Ilustración para el sitio de demostración"
