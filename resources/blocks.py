"""The building blocks of a micro-lesson's body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class MediaBlock(blocks.StructBlock):
    asset = SnippetChooserBlock("media_pipeline.MediaAsset", label=_("音视频"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)


class VideoBlock(MediaBlock):
    class Meta:
        icon = "media"
        label = _("视频")
        template = "resources/blocks/video.html"


class AudioBlock(MediaBlock):
    class Meta:
        icon = "media"
        label = _("音频")
        template = "resources/blocks/audio.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文档"))
    description = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("文档（PDF）")
        template = "resources/blocks/document.html"


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=120)


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(GalleryImageBlock(), label=_("图片"), min_num=1)

    class Meta:
        icon = "image"
        label = _("图片组")
        template = "resources/blocks/gallery.html"


class KeyPointsBlock(blocks.StructBlock):
    points = blocks.ListBlock(
        blocks.CharBlock(max_length=200), label=_("要点"), min_num=1
    )

    class Meta:
        icon = "list-ul"
        label = _("学习要点")
        template = "resources/blocks/key_points.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("选项"), max_length=200)
    correct = blocks.BooleanBlock(label=_("正确答案"), required=False)


class QuizBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("题目"), max_length=300)
    multiple = blocks.BooleanBlock(label=_("多选题"), required=False)
    choices = blocks.ListBlock(ChoiceBlock(), label=_("选项"), min_num=2, max_num=6)
    explanation = blocks.TextBlock(label=_("答案解析"), required=False)

    class Meta:
        icon = "help"
        label = _("随堂小测")
        template = "resources/blocks/quiz.html"

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(_("请至少标出一个正确答案。"))]
            )
        if correct > 1 and not value["multiple"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "multiple": ValidationError(_("有多个正确答案时，请勾选“多选题”。"))
                }
            )
        return value


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("链接标题"), max_length=120)
    url = blocks.URLBlock(label=_("网址"))
    description = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("拓展资源链接")
        template = "resources/blocks/link.html"


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("正文"), features=TEXT_FEATURES)
    video = VideoBlock()
    audio = AudioBlock()
    document = DocumentBlock()
    gallery = GalleryBlock()
    key_points = KeyPointsBlock()
    quiz = QuizBlock()
    link = LinkBlock()
