class BankAccount:
    interest = 0.02
    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self.balance = balance
        self.history = []
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("Deposit must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))
        return self
    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError(f"Insufficient funds: {self.balance:.2f} < {amount:.2f}")
        self.balance -= amount
        self.history.append(("withdraw", amount))
        return self
    def apply_interest(self):
        self.balance *= 1 + self.interest
    def __str__(self):
        return f"{self.owner}: ${self.balance:,.2f}"
acct = BankAccount("Grace", 1000)
acct.deposit(250.5).withdraw(100)
acct.apply_interest()
print(acct)
for kind, amount in acct.history:
    print(f"{kind:>10} {amount:>10.2f}")
try:
    acct.withdraw(10 ** 6)
except ValueError as e:
    print("Error:", e)
