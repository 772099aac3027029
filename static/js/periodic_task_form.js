// The periodic-task admin form (django_celery_beat): shows what the chosen crontab means.
// Served as a file so that the Content Security Policy (script-src 'self') lets it run.
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  var holder = document.getElementById("periodic-task-form");
  var data = document.getElementById("readable-crontabs");
  if (!$ || !holder || !data) {
    return;
  }
  var readable = JSON.parse(data.textContent);
  var help = holder.dataset.crontabHelp || "";
  var label = holder.dataset.translationLabel || "";
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var text = readable[$("#id_crontab").val()] || "";
    var box = $(".field-crontab .help");
    box.text(help);
    box.append($("<br>"), document.createTextNode(label + ": " + text));
  });
})();
