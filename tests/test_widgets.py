"""The choice widgets written in Python give Django's markup, escaped."""

from django import forms

from releases.widgets import CheckboxList, SelectList

CHOICES = [("AE", "Émirats <arabes> unis"), ("JP", 'Japan "&" co')]


def test_the_checkbox_list_marks_the_chosen_values():
    html = CheckboxList(choices=CHOICES).render(
        "nation", ["JP"], attrs={"id": "id_nation"}
    )
    assert html == (
        '<div id="id_nation">'
        '<div><label for="id_nation_0"><input type="checkbox" name="nation" '
        'value="AE" id="id_nation_0"> Émirats &lt;arabes&gt; unis</label></div>'
        '<div><label for="id_nation_1"><input type="checkbox" name="nation" '
        'value="JP" id="id_nation_1" checked> Japan &quot;&amp;&quot; co</label>'
        "</div></div>"
    )


def test_the_checkbox_list_without_an_id_has_no_label_targets():
    html = CheckboxList(choices=CHOICES[:1]).render("nation", None)
    assert html == (
        '<div><div><label><input type="checkbox" name="nation" value="AE">'
        " Émirats &lt;arabes&gt; unis</label></div></div>"
    )


def test_the_select_marks_the_chosen_value_and_keeps_its_attributes():
    widget = SelectList(choices=[("", "All topics"), ("mars", "Mars & <Moon>")])
    html = widget.render("topic", "mars", attrs={"id": "id_topic", "required": True})
    assert html == (
        '<select name="topic" id="id_topic" required>'
        '<option value="">All topics</option>'
        '<option value="mars" selected>Mars &amp; &lt;Moon&gt;</option></select>'
    )
    assert 'value="" selected' in widget.render("topic", None)


def test_a_form_reads_back_what_the_widgets_render():
    class Form(forms.Form):
        nation = forms.MultipleChoiceField(choices=CHOICES, widget=CheckboxList)
        topic = forms.ChoiceField(choices=[("mars", "Mars")], widget=SelectList)

    form = Form({"nation": ["AE", "JP"], "topic": "mars"})
    assert form.is_valid()
    assert form.cleaned_data == {"nation": ["AE", "JP"], "topic": "mars"}
    assert str(form["nation"]).count(" checked>") == 2
