"""Innocent look-alikes (无辜相似行为): ordinary life that looks like fraud to a warning system.

Real warning systems drown in these, so the city has them, each drawn per day from standing
relationships fixed at the start:

* relatives abroad (海外亲属) who ring for long talks, often from the same countries gangs call from,
  and after some calls the citizen sends money to a card at home;
* business partners abroad of Yiwu's traders: calls, payments coming in, payments to new suppliers;
* friends who use a virtual-carrier (虚拟运营商) number as their second phone;
* couriers and ride-hailing drivers on virtual numbers (隐私号) who call many people briefly, after
  which the customer opens the courier's or the ride's app and pays a merchant;
* bank branches and agents calling about wealth products from landlines, followed by a purchase;
* large honest transfers to new payees (rent, a car, tuition, a house deposit), often right after a
  long call with the landlord, dealer or agent (some on virtual numbers);
* marketing texts with links (carriers' plans, banks' wealth products, shops, licensed lenders),
  from short codes and from salespeople's own mobiles, some of them opened, and visits to small
  legitimate sites and apps that no list knows, named like the ones gangs use.

Every event is ordinary background: none of it is labelled as fraud in the ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from antifraud.simulation.city import City
from antifraud.simulation.people import OCC
from antifraud.simulation.rng import stream_rng

HOUR_MS = 3_600_000
MINUTE_MS = 60_000

# Countries relatives and partners call from; several are where gangs sit, as in life.
RELATIVE_REGIONS = ("IT", "ES", "FR", "US", "GB", "AU", "JP", "SG", "MY", "AE", "KH", "PH", "TH", "CA", "DE", "NZ")
PARTNER_REGIONS = ("AE", "IN", "PK", "NG", "BR", "RU", "TR", "EG", "SA", "MX", "KR", "VN", "MY", "TH", "ID", "KE")

# Small legitimate sites and apps no whitelist knows, some named with the same words phishing uses.
_SHOP_WORDS = ("youpin", "tejia", "mall", "shop", "outlet", "jiaju", "muying", "fushi", "xiemao", "chaye", "shuiguo")
_FINANCE_WORDS = ("licai", "caifu", "jijin", "daikuan", "xindai", "huimin", "credit")
_SERVICE_WORDS = ("kefu", "service", "shouhou", "jiaoyou", "youxi", "game", "jifen", "gift", "zhanghao")
_LEGIT_TLDS = ("com", "cn", "com.cn", "net", "top", "vip", "shop", "xyz", "club")
LEGIT_APPS = (
    "菜鸟", "顺丰速运", "滴滴出行", "曹操出行", "花小猪打车", "闲鱼", "得物", "唯品会", "携程旅行", "贝壳找房",
    "懂车帝", "招商银行", "中国银行", "掌上生活", "个人所得税", "学习强国", "作业帮", "Keep", "大众点评",
    "金华银行", "浙商银行", "稠州银行", "义乌购", "58同城", "安居客", "平安好车主", "腾讯会议", "钉钉会议",
    "云闪付商户", "招联金融", "360借条", "度小满", "分期乐", "京东金融", "东方财富", "同花顺", "支付宝理财",
)
COURIER_APPS = ("菜鸟", "顺丰速运", "京东快递", "中通快递")
RIDE_APPS = ("滴滴出行", "曹操出行", "花小猪打车")

MARKETING_SMS: tuple[str, ...] = (
    "【中国移动】尊敬的客户，5G畅享套餐限时升级，每月多送30GB流量，点击{url}办理，回复TD退订。",
    "【中国电信】您的积分可兑换话费和好礼，积分本月底清零，详情{url}，退订回T。",
    "【中国联通】宽带续约享八折，再送半年视频会员，立即办理{url}，拒收请回复R。",
    "【工商银行】尊敬的客户，本行新发行稳健型理财产品，业绩比较基准3.2%，详询网点或{url}，退订回TD。",
    "【招商银行】您有一张信用卡分期优惠券待领取，年化费率低至3.6%，领取{url}。退订回TD",
    "【建设银行】个人消费贷快速审批，最高30万，利率透明，详情{url}，请勿向他人透露验证码。",
    "【{shop}】双12大促全场五折起，满300减50，进店领券{url}，拒收请回复R。",
    "【{shop}】会员日专享，新品到店，凭此短信到店领取小礼品，地址及详情{url}",
    "【{shop}】您关注的房源降价了，金华江南核心地段，首付20万起，看房请点{url}",
    "【{shop}】您的订单已发货，物流详情{url}，如有问题请联系在线客服。",
    "【招联金融】尊敬的用户，您的借款额度已提升至5万元，持牌机构，息费透明，详情{url}，退订回T。",
    "【360借条】您有一笔免息券即将到期，最长可借12期，查看{url}，退订回T。",
)
SALES_SMS: tuple[str, ...] = (
    "您好，我是贝壳找房的小王，您上次看的那套房业主降价了，方便的话看看{url}",
    "王姐好，我是4S店的销售小李，本月购车有置换补贴，车型和报价在这里{url}",
    "您好，我是{shop}的客服，您拍的宝贝已经补发，快递单号在这里查{url}，有问题随时找我",
    "老客户专享：新到一批春茶，明前龙井，详情看{url}，需要的话给我回个电话",
    "您好，您孩子的暑期托管班开始报名了，课程表和收费标准{url}，名额有限",
)
SHOP_NAMES = ("优品汇", "金华家居城", "义乌小商品", "婺城茶庄", "东阳红木", "永康五金", "兰溪杨梅", "浦江水晶")


@dataclass
class LookalikeDay:
    """One day of look-alike events: calls, texts and visits as string tables, transfers as account arrays."""

    calls: pa.Table  # start (ms), caller, callee, duration_s
    sms: pa.Table  # time (ms), sender, receiver, text
    visits: pa.Table  # time (ms), phone, target, kind, ip
    transfers: dict[str, np.ndarray]  # time, src, dst, amount, channel (as Background's)


class Lookalikes:
    """Standing relationships of the city (relatives, partners, friends, couriers …) and their days."""

    def __init__(self, city: City, seed: int, merchant_base: int, institution_base: int,
                 institution_count: int, rate: float = 1.0) -> None:
        """``rate`` scales how many citizens have each relationship and how often things happen."""
        self.city, self.seed, self.rate = city, seed, rate
        self.merchant_base, self.institution_base, self.institution_count = (
            merchant_base, institution_base, institution_count)
        rng = stream_rng(seed, "lookalike-setup")
        pyr = random.Random(int(rng.integers(1 << 62)))
        n = city.size
        rate = self.rate
        from antifraud.simulation.gangs import _overseas_number, _virtual_number

        # Relatives abroad: a citizen, the relative's number, a card at home the citizen sends money to.
        self.rel_citizen = rng.choice(n, size=max(1, min(n, round(n * 0.004 * rate))), replace=False)
        self.rel_number = [_overseas_number(pyr, pyr.choice(RELATIVE_REGIONS)) for _ in self.rel_citizen]
        self.rel_payee = rng.integers(0, n, size=len(self.rel_citizen))
        # Business partners of traders (e-commerce, self-employed): one to three each.
        traders = np.flatnonzero(np.isin(city.occupation, [OCC["ecommerce"], OCC["self_employed"]]))
        pool = traders if len(traders) else np.arange(n)
        picked = rng.choice(pool, size=max(1, min(len(pool), round(n * 0.0015 * rate))), replace=False)
        self.partner_citizen = np.repeat(picked, rng.integers(1, 4, size=len(picked)))
        self.partner_number = [_overseas_number(pyr, pyr.choice(PARTNER_REGIONS)) for _ in self.partner_citizen]
        # Friends on virtual numbers: each rings three to eight citizens now and then.
        friends = max(1, round(n / 1500 * rate))
        self.friend_number = [_virtual_number(pyr) for _ in range(friends)]
        self.friend_links = [rng.choice(n, size=int(rng.integers(3, 9)), replace=False) for _ in range(friends)]
        # Couriers and drivers on virtual numbers (号码隐私保护): the numbers rotate among a pool.
        self.courier_numbers = [_virtual_number(pyr) for _ in range(max(2, round(n / 6000 * rate)))]
        self.driver_numbers = [_virtual_number(pyr) for _ in range(max(2, round(n / 12_000 * rate)))]
        self.agent_numbers = [_virtual_number(pyr) for _ in range(max(2, round(n / 1500 * rate)))]
        # Bank branches' landlines (0579 金华) and estate / car agents' mobiles.
        self.branch_numbers = [f"+86579{pyr.randrange(8_000_000, 8_999_999)}" for _ in range(max(2, round(n / 2000 * rate)))]
        self.delivery = np.flatnonzero(city.delivery)
        weights = np.array([5.0 if a in COURIER_APPS or a in RIDE_APPS else 1.0 for a in LEGIT_APPS])
        self.app_cum = np.cumsum(weights) / weights.sum()
        # Small legitimate sites, named with the words phishing uses too.
        words = _SHOP_WORDS + _FINANCE_WORDS + _SERVICE_WORDS
        sites = set()
        while len(sites) < max(40, min(600, n // 50)):
            a, b = pyr.sample(words, 2)
            digits = "" if pyr.random() < 0.6 else str(pyr.randrange(1, 99))
            sites.add(f"{a}{'-' if pyr.random() < 0.4 else ''}{b}{digits}.{pyr.choice(_LEGIT_TLDS)}")
        self.sites = sorted(sites)
        self.site_ips = [f"{pyr.choice((47, 39, 120, 121, 101, 118))}.{pyr.randint(1, 254)}.{pyr.randint(1, 254)}."
                         f"{pyr.randint(1, 254)}" for _ in self.sites]

    def day(self, d: int, day_ms: int, times: object) -> LookalikeDay:
        """Return day ``d``'s look-alike events; ``times(rng, n, day_ms)`` draws times of day."""
        rng = stream_rng(self.seed, "lookalike", d)
        out = _Collector()
        draw = times  # type: ignore[assignment]
        city = self.city

        def phone(i: int | np.integer) -> str:
            return f"+86{int(city.phone[int(i)])}"

        # Relatives abroad: a call every three days or so, long; after one in ten, money home.
        for k in np.flatnonzero(rng.random(len(self.rel_citizen)) < 0.15):
            t = int(draw(rng, 1, day_ms)[0])
            dur = int(min(7200, rng.lognormal(np.log(900), 0.8)))
            out.call(t, self.rel_number[k], phone(self.rel_citizen[k]), dur if rng.random() > 0.1 else 0)
            if rng.random() < 0.1:
                out.transfer(t + dur * 1000 + int(rng.integers(5, 90)) * MINUTE_MS, int(self.rel_citizen[k]),
                             int(self.rel_payee[k]), _yuan(rng, 3000, 0.9), 0)
            if rng.random() < 0.2:
                out.sms(t - int(rng.integers(1, 120)) * MINUTE_MS, self.rel_number[k], phone(self.rel_citizen[k]),
                        random.Random(int(rng.integers(1 << 30))).choice(_RELATIVE_TEXTS))
        # Partners abroad: calls, money in from buyers, money out to new suppliers.
        for k in np.flatnonzero(rng.random(len(self.partner_citizen)) < 0.1):
            t = int(draw(rng, 1, day_ms)[0])
            who = int(self.partner_citizen[k])
            dur = int(min(5400, rng.lognormal(np.log(420), 0.9)))
            out.call(t, self.partner_number[k], phone(who), dur)
            r = rng.random()
            if r < 0.15:
                out.transfer(t + dur * 1000 + int(rng.integers(10, 240)) * MINUTE_MS,
                             self.institution_base + int(rng.integers(self.institution_count)), who,
                             _yuan(rng, 30000, 1.0), 0)
            elif r < 0.25:
                out.transfer(t + dur * 1000 + int(rng.integers(10, 240)) * MINUTE_MS, who,
                             self.merchant_base + int(rng.integers(city.merchant_count)), _yuan(rng, 20000, 1.0), 0)
        # Friends on virtual numbers.
        for k in np.flatnonzero(rng.random(len(self.friend_number)) < 0.5):
            for who in rng.choice(self.friend_links[k], size=int(rng.integers(1, 3))):
                t = int(draw(rng, 1, day_ms)[0])
                out.call(t, self.friend_number[k], phone(who), int(min(5400, rng.lognormal(np.log(150), 1.2))))
        # Couriers and drivers: many short calls; then the app, and often a payment to a merchant.
        self._service_calls(rng, out, draw, day_ms, self.courier_numbers, 5, (10, 90), COURIER_APPS, 0.25, 0.15)
        self._service_calls(rng, out, draw, day_ms, self.driver_numbers, 3, (15, 150), RIDE_APPS, 0.7, 0.6)
        # Branches selling wealth products: a long call, then a purchase (money to an institution).
        calls = rng.poisson(n_per(city.size, 0.0001 * self.rate))
        for who in rng.integers(0, city.size, size=calls):
            t = int(draw(rng, 1, day_ms)[0])
            dur = int(min(3600, rng.lognormal(np.log(480), 0.6)))
            out.call(t, self.branch_numbers[int(rng.integers(len(self.branch_numbers)))], phone(who), dur)
            if rng.random() < 0.3:
                out.transfer(t + dur * 1000 + int(rng.integers(5, 60)) * MINUTE_MS, int(who),
                             self.institution_base + int(rng.integers(self.institution_count)),
                             _yuan(rng, 50000, 0.8), 0)
        # Large honest payments to new payees, half of them right after a long call with the other side.
        for who in rng.integers(0, city.size, size=rng.poisson(n_per(city.size, 0.00015 * self.rate))):
            t = int(draw(rng, 1, day_ms)[0])
            kind = rng.random()
            if kind < 0.4:  # rent or a house deposit to a landlord
                dst, amount = int(rng.integers(city.size)), _yuan(rng, 6000 if kind < 0.3 else 50000, 0.6)
            elif kind < 0.7:  # a car, furniture, a wedding banquet
                dst, amount = self.merchant_base + int(rng.integers(city.merchant_count)), _yuan(rng, 80000, 0.8)
            else:  # tuition, training courses
                dst, amount = self.merchant_base + int(rng.integers(city.merchant_count)), _yuan(rng, 12000, 0.7)
            if rng.random() < 0.5:
                caller = (self.agent_numbers[int(rng.integers(len(self.agent_numbers)))] if rng.random() < 0.3
                          else phone(rng.integers(city.size)))
                dur = int(min(3600, rng.lognormal(np.log(600), 0.6)))
                out.call(t - dur * 1000 - int(rng.integers(5, 50)) * MINUTE_MS, caller, phone(who), dur)
            out.transfer(t, int(who), dst, amount, 0)
        # Marketing texts with links; some opened, some followed by an app.
        self._marketing(rng, out, draw, day_ms)
        # Visits to small legitimate sites and apps nobody listed.
        for who in rng.integers(0, city.size, size=rng.poisson(n_per(city.size, 0.004 * self.rate))):
            t = int(draw(rng, 1, day_ms)[0])
            if rng.random() < 0.3:
                i = int(rng.integers(len(self.sites)))
                out.visit(t, phone(who), self.sites[i], "domain", self.site_ips[i])
            else:  # couriers' and rides' apps are opened on their own far more than after a call
                out.visit(t, phone(who), LEGIT_APPS[int(np.searchsorted(self.app_cum, rng.random()))], "app", None)
        return out.finish()

    def _service_calls(self, rng: np.random.Generator, out: _Collector, draw: object, day_ms: int,
                       numbers: list[str], per_day: float, seconds: tuple[int, int], apps: tuple[str, ...],
                       app_share: float, pay_share: float) -> None:
        city = self.city
        customers = self.delivery if len(self.delivery) else np.arange(city.size)
        for number in numbers:
            for who in customers[rng.integers(0, len(customers), size=rng.poisson(per_day))]:
                t = int(draw(rng, 1, day_ms)[0])  # type: ignore[operator]
                dur = int(rng.integers(*seconds)) if rng.random() > 0.03 else int(rng.integers(180, 600))
                out.call(t, number, f"+86{int(city.phone[int(who)])}", dur)
                after = t + dur * 1000
                if rng.random() < app_share:
                    out.visit(after + int(rng.integers(1, 30)) * MINUTE_MS, f"+86{int(city.phone[int(who)])}",
                              apps[int(rng.integers(len(apps)))], "app", None)
                if rng.random() < pay_share:
                    out.transfer(after + int(rng.integers(2, 50)) * MINUTE_MS, int(who),
                                 self.merchant_base + int(rng.integers(city.merchant_count)), _yuan(rng, 40, 0.8), 2)

    def _marketing(self, rng: np.random.Generator, out: _Collector, draw: object, day_ms: int) -> None:
        city = self.city
        for who in rng.integers(0, city.size, size=rng.poisson(n_per(city.size, 0.0006 * self.rate))):
            t = int(draw(rng, 1, day_ms)[0])  # type: ignore[operator]
            i = int(rng.integers(len(self.sites)))
            url = f"http://{self.sites[i]}/{_slug(rng)}"
            shop = SHOP_NAMES[int(rng.integers(len(SHOP_NAMES)))]
            receiver = f"+86{int(city.phone[int(who)])}"
            if rng.random() < 0.75:
                sender = f"1069{int(rng.integers(10**7, 10**8))}"
                text = MARKETING_SMS[int(rng.integers(len(MARKETING_SMS)))]
            else:  # a salesperson's own phone, sometimes a virtual number
                sender = (self.agent_numbers[int(rng.integers(len(self.agent_numbers)))] if rng.random() < 0.3
                          else f"+86{int(city.phone[int(rng.integers(city.size))])}")
                text = SALES_SMS[int(rng.integers(len(SALES_SMS)))]
            out.sms(t, sender, receiver, text.format(url=url, shop=shop))
            if rng.random() < 0.12:
                opened = t + int(rng.integers(1, 180)) * MINUTE_MS
                out.visit(opened, receiver, self.sites[i], "domain", self.site_ips[i])
                if rng.random() < 0.3:
                    out.visit(opened + int(rng.integers(1, 30)) * MINUTE_MS, receiver,
                              LEGIT_APPS[int(rng.integers(len(LEGIT_APPS)))], "app", None)
                if rng.random() < 0.15:
                    out.transfer(opened + int(rng.integers(2, 60)) * MINUTE_MS, int(who),
                                 self.merchant_base + int(rng.integers(city.merchant_count)), _yuan(rng, 300, 1.0), 2)


_RELATIVE_TEXTS = ("妈，我下周给你打钱", "到家了吗？视频说", "爸生日那天我打电话回来", "钱收到了吗？",
                   "这边降温了，你们多穿点", "孩子的学费我转给你了")


def n_per(size: int, rate: float) -> float:
    """Expected events a day for ``rate`` per citizen per day."""
    return size * rate


def _yuan(rng: np.random.Generator, median: float, sigma: float) -> int:
    return int(max(100, round(rng.lognormal(np.log(median * 100), sigma))))


def _slug(rng: np.random.Generator) -> str:
    return "".join("abcdefghjkmnpqrstuvwxyz23456789"[int(i)] for i in rng.integers(0, 31, size=6))


class _Collector:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str, str, int]] = []
        self.texts: list[tuple[int, str, str, str]] = []
        self.visits: list[tuple[int, str, str, str, str | None]] = []
        self.money: list[tuple[int, int, int, int, int]] = []

    def call(self, t: int, caller: str, callee: str, dur: int) -> None:
        self.calls.append((t, caller, callee, dur))

    def sms(self, t: int, sender: str, receiver: str, text: str) -> None:
        self.texts.append((t, sender, receiver, text))

    def visit(self, t: int, who: str, target: str, kind: str, ip: str | None) -> None:
        self.visits.append((t, who, target, kind, ip))

    def transfer(self, t: int, src: int, dst: int, amount: int, channel: int) -> None:
        if src != dst:
            self.money.append((t, src, dst, amount, channel))

    def finish(self) -> LookalikeDay:
        def col(rows: list[tuple], i: int, kind: pa.DataType) -> pa.Array:
            return pa.array([r[i] for r in rows], kind)

        c, s, v, m = self.calls, self.texts, self.visits, self.money
        return LookalikeDay(
            calls=pa.table({"start": col(c, 0, pa.int64()), "caller": col(c, 1, pa.string()),
                            "callee": col(c, 2, pa.string()), "duration_s": col(c, 3, pa.int32())}),
            sms=pa.table({"time": col(s, 0, pa.int64()), "sender": col(s, 1, pa.string()),
                          "receiver": col(s, 2, pa.string()), "text": col(s, 3, pa.string())}),
            visits=pa.table({"time": col(v, 0, pa.int64()), "phone": col(v, 1, pa.string()),
                             "target": col(v, 2, pa.string()), "kind": col(v, 3, pa.string()),
                             "ip": col(v, 4, pa.string())}),
            transfers={"time": np.array([r[0] for r in m], dtype=np.int64),
                       "src": np.array([r[1] for r in m], dtype=np.int64),
                       "dst": np.array([r[2] for r in m], dtype=np.int64),
                       "amount": np.array([r[3] for r in m], dtype=np.int64),
                       "channel": np.array([r[4] for r in m], dtype=np.int8)},
        )
