"""Slots shared by every scenario of the synthetic corpus: people, places, money, numbers, links."""

from __future__ import annotations

import random
import string

from antifraud.lab.classifier.grammar import Slot

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
            "龚邵万钱严覃武戴莫孔向汤楼应俞傅吕施厉")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀英", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕", "晓东", "晓红", "文", "斌", "宇", "浩",
         "鑫", "婷", "雪", "琳", "俊", "玉兰", "淑珍", "国强", "春梅", "丹", "辉", "亮", "成", "欣怡", "子涵",
         "梓轩", "一诺", "雨桐", "思远", "佳琪", "嘉怡", "文博", "志刚", "秋菊", "卫东", "海波", "红梅", "立新", "美玲",
         "振华", "少华", "凤英", "永康", "晨曦")
CITIES = ("金华", "杭州", "宁波", "温州", "义乌", "东阳", "永康", "兰溪", "武义", "浦江", "磐安", "绍兴", "台州", "衢州",
          "丽水", "嘉兴", "湖州", "上海", "北京", "广州", "深圳", "南京", "苏州", "武汉", "成都", "重庆", "西安", "长沙",
          "郑州", "合肥", "福州", "厦门", "南昌", "济南", "青岛", "天津", "沈阳", "哈尔滨", "长春", "昆明", "贵阳",
          "南宁", "海口", "兰州", "太原", "石家庄", "呼和浩特", "乌鲁木齐", "拉萨")
DISTRICTS = ("婺城", "金东", "江北", "西湖", "拱墅", "滨江", "鄞州", "海曙", "鹿城", "越城", "椒江", "柯城", "南湖",
             "吴兴", "朝阳", "海淀", "天河", "福田", "浦东")
BANKS = ("工商银行", "建设银行", "农业银行", "中国银行", "交通银行", "招商银行", "浦发银行", "邮储银行", "兴业银行", "中信银行",
         "民生银行", "光大银行", "平安银行", "浙商银行", "华夏银行", "广发银行", "金华银行", "稠州银行", "农商银行", "宁波银行")
PLATFORMS = ("淘宝", "天猫", "京东", "拼多多", "抖音", "快手", "唯品会", "闲鱼", "美团", "小红书", "苏宁易购", "得物",
             "1688", "当当")
COURIERS = ("顺丰", "中通", "圆通", "申通", "韵达", "极兔", "京东物流", "邮政EMS", "德邦", "百世", "菜鸟")
EMOJIS = ("😊", "🙏", "👍", "🔥", "💰", "🎉", "❤️", "😂", "👉", "📦", "✅", "⚠️", "🌹", "😭", "🤝", "💪",
          "🎁", "📢", "☎️", "😄", "🙂", "😅", "👌", "💯", "⭐", "🧧", "🚀", "😘", "🥰", "🤔")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def person(rng: random.Random) -> str:
    """A full name like 王建华."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def masked_person(rng: random.Random) -> str:
    """A name as it appears in reports and notices: 王某某, 李*, XXX."""
    s = rng.choice(SURNAMES)
    return rng.choice([s + "某", s + "某某", s + "*", s + "**", "XXX", s + "先生", s + "女士", person(rng)])


def amount(rng: random.Random) -> str:
    """A sum of money written the many ways people write it."""
    value = rng.choice([rng.randint(1, 99) * 100, rng.randint(1, 50) * 1000, rng.randint(1, 30) * 10000,
                        rng.randint(100, 99999), rng.randint(2, 200) * 500])
    style = rng.random()
    if style < 0.35:
        return f"{value}元"
    if style < 0.5:
        return f"{value:,}.00元"
    if style < 0.65 and value >= 10000 and value % 10000 == 0:
        return f"{value // 10000}万{rng.choice(['元', '', '块'])}"
    if style < 0.75:
        return f"¥{value}"
    if style < 0.85:
        return f"{value}块"
    return f"{value}元人民币" if rng.random() < 0.3 else f"{value}元"


def small_amount(rng: random.Random) -> str:
    """A fee-sized sum: 199元, 3000块."""
    value = rng.choice([rng.randint(1, 49) * 100, rng.randint(50, 999),
                        rng.choice([199, 299, 499, 688, 999, 1288, 1999])])
    return rng.choice([f"{value}元", f"{value}块", f"{value}块钱", f"¥{value}", f"{value}.00元"])


def phone(rng: random.Random) -> str:
    """A mobile number, sometimes with spaces or dashes."""
    number = "1" + rng.choice("3456789") + _digits(rng, 9)
    style = rng.random()
    if style < 0.15:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style < 0.25:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    return number


def landline(rng: random.Random) -> str:
    """A fixed line or a 400/800 number."""
    return rng.choice([f"0579-{_digits(rng, 8)}", f"0{rng.randint(10, 999)}-{_digits(rng, 8)}",
                       f"400-{_digits(rng, 3)}-{_digits(rng, 4)}", f"400{_digits(rng, 7)}",
                       f"+86 {_digits(rng, 3)} {_digits(rng, 8)}", f"00{_digits(rng, 11)}"])


def url(rng: random.Random) -> str:
    """A web link as it appears in messages."""
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
    code = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(4, 8)))
    tld = rng.choice(["cn", "com", "top", "xyz", "vip", "cc", "net", "com.cn", "shop", "icu"])
    ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
    return rng.choice([f"http://{word}.{tld}/{code}", f"https://{word}.{tld}", f"{word}.{tld}/{code}",
                       f"t.cn/{code}", f"www.{word}.{tld}", f"https://{word}.{tld}/h5/?id={code}",
                       f"dwz.cn/{code}", "[链接]", f"http://{ip}/{code}"])


def digits_slot(n: int) -> Slot:
    """A slot of n random digits."""
    return lambda rng: _digits(rng, n)


def qq(rng: random.Random) -> str:
    """A QQ number."""
    return str(rng.randint(10000, 3999999999))


def wechat_id(rng: random.Random) -> str:
    """A WeChat id like abc_1234."""
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 8)))
    return rng.choice([word + _digits(rng, rng.randint(2, 6)), word + "_" + _digits(rng, 3), "wxid_" + word,
                       "1" + rng.choice("3578") + _digits(rng, 9)])


def case_number(rng: random.Random) -> str:
    """A case or document number."""
    year = rng.randint(2019, 2025)
    return rng.choice([f"（{year}）浙07{rng.randint(1, 99):02d}刑初{rng.randint(1, 999)}号",
                       f"{rng.choice(['JH', 'GA', 'SH', 'BJ'])}{year}{_digits(rng, 6)}",
                       f"第{_digits(rng, 8)}号", f"{year}-{_digits(rng, 5)}"])


def order_number(rng: random.Random) -> str:
    """A shop order or waybill number."""
    return rng.choice([_digits(rng, 18), "SF" + _digits(rng, 12), "YT" + _digits(rng, 13),
                       "JD" + _digits(rng, 13), "75" + _digits(rng, 12), _digits(rng, 12)])


def date(rng: random.Random) -> str:
    """A calendar date."""
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{m}月{d}日", f"{rng.randint(2020, 2025)}年{m}月{d}日", f"{m}/{d}", f"{m}.{d}",
                       f"{m}月{d}号"])


def clock(rng: random.Random) -> str:
    """A time of day."""
    h, mi = rng.randint(7, 22), rng.choice([0, 0, 10, 15, 20, 30, 30, 40, 45, 50])
    return rng.choice([f"{h}:{mi:02d}", f"{h}点{'' if mi == 0 else f'{mi}分'}", f"{h}点半", f"{h}时{mi:02d}分"])


def percent(rng: random.Random) -> str:
    """A small percentage or rate."""
    return rng.choice([f"{rng.randint(1, 30)}%", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}%",
                       f"0.0{rng.randint(1, 9)}%", f"千分之{rng.randint(1, 9)}", f"{rng.randint(2, 9)}厘"])


def count(rng: random.Random) -> str:
    """A small count written in digits or characters."""
    n = rng.randint(2, 9)
    return rng.choice([str(n), "两三四五六七八九"[n - 2]])


def emoji(rng: random.Random) -> str:
    """One emoji."""
    return rng.choice(EMOJIS)


COMMON: dict[str, Slot] = {
    "name": person,
    "mname": masked_person,
    "surname": lambda rng: rng.choice(SURNAMES),
    "given": lambda rng: rng.choice(GIVEN),
    "city": lambda rng: rng.choice(CITIES),
    "city2": lambda rng: rng.choice(CITIES),
    "district": lambda rng: rng.choice(DISTRICTS),
    "bank": lambda rng: rng.choice(BANKS),
    "platform": lambda rng: rng.choice(PLATFORMS),
    "courier": lambda rng: rng.choice(COURIERS),
    "amount": amount,
    "small": small_amount,
    "phone": phone,
    "landline": landline,
    "url": url,
    "qq": qq,
    "wxid": wechat_id,
    "case_no": case_number,
    "order_no": order_number,
    "date": date,
    "clock": clock,
    "percent": percent,
    "count": count,
    "emoji": emoji,
    "code6": digits_slot(6),
    "code4": digits_slot(4),
    "tail": digits_slot(4),
    "num2": lambda rng: str(rng.randint(2, 60)),
    "num3": lambda rng: str(rng.randint(100, 999)),
    "age": lambda rng: str(rng.randint(18, 78)),
    "sir": ["先生", "女士", "同志", ""],
    "hello": ["您好", "你好", "您好", "喂，您好", "喂", "你好啊", "哈喽", "在吗", "打扰一下", "亲"],
    "when": ["今天", "昨天", "前天", "今天上午", "今天下午", "昨天晚上", "前几天", "上周", "{date}", "{date}{clock}",
             "今天中午", "{date}上午", "{date}晚上", "大概一周前", "上个月", "刚才"],
    "soon": ["今天之内", "24小时内", "两小时内", "今天下午五点前", "明天中午前", "{clock}前", "三个工作日内", "尽快",
             "马上", "立即"],
    "sign_off": ["", "", "谢谢", "谢谢配合", "祝您生活愉快", "感谢您的支持", "", "。"],
    "me_call": ["接到", "接到了", "突然接到", "接到一个"],
}


_BACKGROUND: tuple[list[str], list[float]] | None = None


def background_words() -> tuple[list[str], list[float]]:
    """Common Chinese words with cumulative sampling weights (frequency ** 0.6), from jieba's dictionary."""
    global _BACKGROUND
    if _BACKGROUND is None:
        from pathlib import Path

        import jieba

        words: list[str] = []
        cum: list[float] = []
        total = 0.0
        path = Path(jieba.__file__).with_name("dict.txt")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 2 or int(parts[1]) < 50:
                    continue
                total += int(parts[1]) ** 0.6
                words.append(parts[0])
                cum.append(total)
        _BACKGROUND = (words, cum)
    return _BACKGROUND
